import KioskStore

/// Where technician accounts and their login counters live.
public protocol ShellAccountStore: Sendable {
    /// The account called `name`, if any.
    func account(named name: String) throws -> TechnicianAccount?
    /// Adds an account; throws ``ShellStoreError/duplicateAccount(_:)`` if the name is taken.
    func addAccount(_ account: TechnicianAccount, createdAt_ms: Int64) throws
    /// Counts one failed login for `name` and applies `policy` (lockout from `now_ms`); returns the new state.
    func recordFailedLogin(named name: String, now_ms: Int64, policy: LoginPolicy) throws -> TechnicianAccount?
    /// Clears the failure counter and any expired or current lock after a successful login.
    func recordSuccessfulLogin(named name: String) throws
}

/// One line of the audit trail: who ran what, and how it ended (the store's record).
public typealias AuditEntry = AuditRecord

/// The append-only record of every shell command.
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) throws
    /// The newest `limit` entries, oldest first.
    func recent(limit: Int) throws -> [AuditEntry]
}

/// Storage failures the shell reports by name.
public enum ShellStoreError: Error, Equatable, Sendable {
    case duplicateAccount(String)
    case unknownRole(String)
}
