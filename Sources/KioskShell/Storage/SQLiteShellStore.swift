import Foundation
import GRDB

/// Technician accounts and the audit trail in the kiosk's SQLite file (`technicians`, `audit_log`).
public struct SQLiteShellStore: ShellAccountStore, AuditLog {
    private let writer: any DatabaseWriter

    /// Uses `writer`, a database already migrated by `KioskSchema`.
    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    public func account(named name: String) throws -> TechnicianAccount? {
        try writer.read { db in try fetchAccount(db, name: name) }
    }

    public func addAccount(_ account: TechnicianAccount, createdAt_ms: Int64) throws {
        do {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO technicians (name, role, pin_salt, pin_hash, kdf_algorithm, kdf_iterations,
                            failed_attempts, locked_until_ms, created_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        account.name, account.role.rawValue, Data(account.pin.salt), Data(account.pin.hash),
                        account.pin.algorithm, account.pin.iterations, account.failedAttempts,
                        account.lockedUntil_ms, createdAt_ms,
                    ]
                )
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ShellStoreError.duplicateAccount(account.name)
        }
    }

    public func recordFailedLogin(named name: String, now_ms: Int64, policy: LoginPolicy) throws -> TechnicianAccount? {
        try writer.write { db in
            guard var account = try fetchAccount(db, name: name) else { return nil }
            if let lockedUntil = account.lockedUntil_ms, lockedUntil <= now_ms {
                account.failedAttempts = 0
                account.lockedUntil_ms = nil
            }
            account.failedAttempts += 1
            if policy.locks(afterFailures: account.failedAttempts) {
                account.lockedUntil_ms = now_ms + policy.lockout_ms
            }
            try db.execute(
                sql: "UPDATE technicians SET failed_attempts = ?, locked_until_ms = ? WHERE name = ?",
                arguments: [account.failedAttempts, account.lockedUntil_ms, name]
            )
            return account
        }
    }

    public func recordSuccessfulLogin(named name: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE technicians SET failed_attempts = 0, locked_until_ms = NULL WHERE name = ?",
                arguments: [name]
            )
        }
    }

    public func record(_ entry: AuditEntry) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at_ms, who, command, outcome) VALUES (?, ?, ?, ?)",
                arguments: [entry.at_ms, entry.who, entry.command, entry.outcome]
            )
        }
    }

    public func recent(limit: Int) throws -> [AuditEntry] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT at_ms, who, command, outcome FROM audit_log ORDER BY id DESC LIMIT ?",
                arguments: [max(0, limit)]
            )
            return rows.reversed().map { row in
                AuditEntry(at_ms: row["at_ms"], who: row["who"], command: row["command"], outcome: row["outcome"])
            }
        }
    }

    private func fetchAccount(_ db: Database, name: String) throws -> TechnicianAccount? {
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT name, role, pin_salt, pin_hash, kdf_algorithm, kdf_iterations, failed_attempts, locked_until_ms
                FROM technicians WHERE name = ?
                """,
            arguments: [name]
        ) else { return nil }
        let roleName: String = row["role"]
        guard let role = Role(rawValue: roleName) else { throw ShellStoreError.unknownRole(roleName) }
        let salt: Data = row["pin_salt"]
        let hash: Data = row["pin_hash"]
        return TechnicianAccount(
            name: row["name"],
            role: role,
            pin: PinDigest(salt: Array(salt), hash: Array(hash), algorithm: row["kdf_algorithm"], iterations: row["kdf_iterations"]),
            failedAttempts: row["failed_attempts"],
            lockedUntil_ms: row["locked_until_ms"]
        )
    }
}
