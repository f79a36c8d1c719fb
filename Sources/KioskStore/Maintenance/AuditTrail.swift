import GRDB

/// One line of the maintenance shell's audit trail: who ran what, and how it ended.
public struct AuditRecord: Sendable, Equatable {
    /// Wall-clock time, ms since 1970.
    public var at_ms: Int64
    /// The account name, or `-` before login.
    public var who: String
    /// The command line as typed (the shell never passes a PIN here).
    public var command: String
    public var outcome: String

    public init(at_ms: Int64, who: String, command: String, outcome: String) {
        self.at_ms = at_ms
        self.who = who
        self.command = command
        self.outcome = outcome
    }
}

/// The `audit_log` table: append-only (its triggers refuse updates and deletes).
public struct AuditTrail: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// Appends `record`.
    public func append(_ record: AuditRecord) throws(StoreError) {
        try database.writing { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at_ms, who, command, outcome) VALUES (?, ?, ?, ?)",
                arguments: [record.at_ms, record.who, record.command, record.outcome]
            )
        }
    }

    /// The newest `limit` records, oldest first.
    public func newest(limit: Int) throws(StoreError) -> [AuditRecord] {
        try database.reading { db in
            try Row.fetchAll(
                db,
                sql: "SELECT at_ms, who, command, outcome FROM audit_log ORDER BY id DESC LIMIT ?",
                arguments: [max(0, limit)]
            ).reversed().map { row in
                AuditRecord(at_ms: row["at_ms"], who: row["who"], command: row["command"], outcome: row["outcome"])
            }
        }
    }
}
