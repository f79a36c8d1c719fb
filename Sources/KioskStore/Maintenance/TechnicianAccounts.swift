import Foundation
import GRDB

/// One maintenance-shell account as the `technicians` table holds it: the PIN only as a salted digest
/// with the parameters that derived it, and the login counters that survive a reboot.
public struct TechnicianRecord: Sendable, Equatable {
    /// The login name (unique).
    public var name: String
    /// `operator` or `technician`: the table refuses anything else.
    public var role: String
    public var pinSalt: [UInt8]
    public var pinHash: [UInt8]
    /// The key-derivation function's name, stored so it can change for new PINs later.
    public var kdfAlgorithm: String
    public var kdfIterations: Int
    public var counters: LoginCounters

    public init(
        name: String, role: String, pinSalt: [UInt8], pinHash: [UInt8], kdfAlgorithm: String, kdfIterations: Int,
        counters: LoginCounters = LoginCounters()
    ) {
        self.name = name
        self.role = role
        self.pinSalt = pinSalt
        self.pinHash = pinHash
        self.kdfAlgorithm = kdfAlgorithm
        self.kdfIterations = kdfIterations
        self.counters = counters
    }
}

/// An account's failed logins since the last success, and the lock they earned.
public struct LoginCounters: Sendable, Equatable {
    /// Consecutive failed logins.
    public var failedAttempts: Int
    /// Wall-clock time (ms since 1970) until which logins are refused, if locked.
    public var lockedUntil_ms: Int64?

    public init(failedAttempts: Int = 0, lockedUntil_ms: Int64? = nil) {
        self.failedAttempts = failedAttempts
        self.lockedUntil_ms = lockedUntil_ms
    }
}

/// The `technicians` table: who may log in to the maintenance shell, and their login counters.
///
/// The shell decides what a failure costs (its login policy); this store only keeps the counters, and
/// changes them in one transaction so two terminals failing at once cannot lose a count.
public struct TechnicianAccounts: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The account called `name`, if any.
    public func account(named name: String) throws(StoreError) -> TechnicianRecord? {
        try database.reading { db in try Self.fetch(db, name: name) }
    }

    /// Adds `record`; throws ``StoreError/duplicateAccount(name:)`` when the name is taken.
    public func add(_ record: TechnicianRecord, createdAt_ms: Int64) throws(StoreError) {
        do {
            try database.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO technicians (name, role, pin_salt, pin_hash, kdf_algorithm, kdf_iterations,
                            failed_attempts, locked_until_ms, created_at_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.name, record.role, Data(record.pinSalt), Data(record.pinHash), record.kdfAlgorithm,
                        record.kdfIterations, record.counters.failedAttempts, record.counters.lockedUntil_ms,
                        createdAt_ms,
                    ]
                )
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw .duplicateAccount(name: record.name)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    /// Reads `name`'s counters, stores what `change` makes of them, and returns the account as stored
    /// now; nil (and nothing written) when there is no such account. One write transaction.
    public func updateCounters(
        named name: String, _ change: (LoginCounters) -> LoginCounters
    ) throws(StoreError) -> TechnicianRecord? {
        try database.writing { db in
            guard var record = try Self.fetch(db, name: name) else { return nil }
            record.counters = change(record.counters)
            try Self.storeCounters(record.counters, of: name, db)
            return record
        }
    }

    /// Clears `name`'s failed logins and lock (a successful login, or `kiosk tech unlock`).
    public func clearCounters(named name: String) throws(StoreError) {
        try database.writing { db in try Self.storeCounters(LoginCounters(), of: name, db) }
    }

    private static func storeCounters(_ counters: LoginCounters, of name: String, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE technicians SET failed_attempts = ?, locked_until_ms = ? WHERE name = ?",
            arguments: [counters.failedAttempts, counters.lockedUntil_ms, name]
        )
    }

    private static func fetch(_ db: Database, name: String) throws -> TechnicianRecord? {
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT name, role, pin_salt, pin_hash, kdf_algorithm, kdf_iterations, failed_attempts, locked_until_ms
                FROM technicians WHERE name = ?
                """,
            arguments: [name]
        ) else { return nil }
        let salt: Data = row["pin_salt"]
        let hash: Data = row["pin_hash"]
        return TechnicianRecord(
            name: row["name"], role: row["role"], pinSalt: Array(salt), pinHash: Array(hash),
            kdfAlgorithm: row["kdf_algorithm"], kdfIterations: row["kdf_iterations"],
            counters: LoginCounters(failedAttempts: row["failed_attempts"], lockedUntil_ms: row["locked_until_ms"])
        )
    }
}
