import KioskStore

/// The shell's accounts and audit trail in the kiosk's database: a thin adapter from the shell's
/// ``ShellAccountStore`` and ``AuditLog`` to KioskStore's ``TechnicianAccounts`` and ``AuditTrail``.
public struct SQLiteShellStore: ShellAccountStore, AuditLog {
    private let accounts: TechnicianAccounts
    private let trail: AuditTrail

    /// Uses `database`, opened (and so migrated) by ``KioskDatabase/open(dataDirectory:)``.
    public init(database: KioskDatabase) {
        accounts = TechnicianAccounts(database: database)
        trail = AuditTrail(database: database)
    }

    public func account(named name: String) throws -> TechnicianAccount? {
        try accounts.account(named: name).map(Self.account)
    }

    public func addAccount(_ account: TechnicianAccount, createdAt_ms: Int64) throws {
        let record = TechnicianRecord(
            name: account.name, role: account.role.rawValue, pinSalt: account.pin.salt, pinHash: account.pin.hash,
            kdfAlgorithm: account.pin.algorithm, kdfIterations: account.pin.iterations,
            counters: LoginCounters(failedAttempts: account.failedAttempts, lockedUntil_ms: account.lockedUntil_ms)
        )
        do {
            try accounts.add(record, createdAt_ms: createdAt_ms)
        } catch .duplicateAccount(let name) {
            throw ShellStoreError.duplicateAccount(name)
        }
    }

    /// A lock that has run out is lifted first, so the failure starts a new count.
    public func recordFailedLogin(named name: String, now_ms: Int64, policy: LoginPolicy) throws -> TechnicianAccount? {
        try accounts.updateCounters(named: name) { counters in
            var counters = counters
            if let lockedUntil = counters.lockedUntil_ms, lockedUntil <= now_ms {
                counters = LoginCounters()
            }
            counters.failedAttempts += 1
            if policy.locks(afterFailures: counters.failedAttempts) {
                counters.lockedUntil_ms = now_ms + policy.lockout_ms
            }
            return counters
        }.map(Self.account)
    }

    public func recordSuccessfulLogin(named name: String) throws {
        try accounts.clearCounters(named: name)
    }

    public func record(_ entry: AuditEntry) throws {
        try trail.append(entry)
    }

    public func recent(limit: Int) throws -> [AuditEntry] {
        try trail.newest(limit: limit)
    }

    private static func account(_ record: TechnicianRecord) throws -> TechnicianAccount {
        guard let role = Role(rawValue: record.role) else { throw ShellStoreError.unknownRole(record.role) }
        return TechnicianAccount(
            name: record.name, role: role,
            pin: PinDigest(salt: record.pinSalt, hash: record.pinHash, algorithm: record.kdfAlgorithm,
                           iterations: record.kdfIterations),
            failedAttempts: record.counters.failedAttempts, lockedUntil_ms: record.counters.lockedUntil_ms
        )
    }
}
