import Foundation
import GRDB

/// A county document the station holds: the newest version it accepted of its kind.
public struct DownlinkRecord: Sendable, Equatable {
    public var kind: String
    public var version: Int64
    public var sha256: String
    public var body: Data
    public var receivedMs: Int64
    /// When it was applied at the station; nil while it waits for the counter to be free.
    public var appliedMs: Int64?
}

/// A version the station refused, and why.
public struct DownlinkRefusal: Sendable, Equatable {
    public var kind: String
    public var version: Int64
    public var problem: String
    public var refusedMs: Int64
}

/// The down-link's reads and writes on the station's store (SQL lives here).
public final class DownlinkStore: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The version held of each kind (applied or waiting).
    public func heldVersions() throws(StoreError) -> [String: Int64] {
        try database.reading { db in
            var versions: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, version FROM downlink_documents") {
                versions[row[0]] = row[1]
            }
            return versions
        }
    }

    /// Whether `version` of `kind` was refused before (it is not checked again).
    public func wasRefused(kind: String, version: Int64) throws(StoreError) -> Bool {
        try database.reading { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM downlink_refusals WHERE kind = ? AND version = ?",
                              arguments: [kind, version]) ?? false
        }
    }

    /// Keeps a checked document as the one to apply next; it replaces an older one of its kind, applied
    /// or not. An older or equal version changes nothing.
    public func accept(kind: String, version: Int64, sha256: String, body: Data, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: """
                INSERT INTO downlink_documents (kind, version, sha256, body, received_ms, applied_ms)
                VALUES (?, ?, ?, ?, ?, NULL)
                ON CONFLICT (kind) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, body = excluded.body,
                    received_ms = excluded.received_ms, applied_ms = NULL
                WHERE excluded.version > downlink_documents.version
                """, arguments: [kind, version, sha256, body, atMs])
        }
    }

    public func refuse(kind: String, version: Int64, problem: String, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: """
                INSERT INTO downlink_refusals (kind, version, problem, refused_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, version) DO NOTHING
                """, arguments: [kind, version, problem, atMs])
        }
    }

    /// The documents accepted and not applied yet.
    public func waiting() throws(StoreError) -> [DownlinkRecord] {
        try records(sql: "SELECT * FROM downlink_documents WHERE applied_ms IS NULL ORDER BY kind")
    }

    /// Every document held, applied or waiting.
    public func held() throws(StoreError) -> [DownlinkRecord] {
        try records(sql: "SELECT * FROM downlink_documents ORDER BY kind")
    }

    /// The applied version of `kind`, if any.
    public func applied(kind: String) throws(StoreError) -> DownlinkRecord? {
        try records(sql: "SELECT * FROM downlink_documents WHERE kind = ? AND applied_ms IS NOT NULL", arguments: [kind]).first
    }

    /// Records that `version` of `kind` is in use from `atMs`.
    public func markApplied(kind: String, version: Int64, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: "UPDATE downlink_documents SET applied_ms = ? WHERE kind = ? AND version = ?",
                           arguments: [atMs, kind, version])
        }
    }

    /// The newest refusal of each kind.
    public func lastRefusals() throws(StoreError) -> [DownlinkRefusal] {
        try database.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT kind, version, problem, refused_ms FROM downlink_refusals r
                WHERE version = (SELECT max(version) FROM downlink_refusals WHERE kind = r.kind) ORDER BY kind
                """).map { DownlinkRefusal(kind: $0[0], version: $0[1], problem: $0[2], refusedMs: $0[3]) }
        }
    }

    private func records(sql: String, arguments: StatementArguments = []) throws(StoreError) -> [DownlinkRecord] {
        try database.reading { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                DownlinkRecord(kind: $0["kind"], version: $0["version"], sha256: $0["sha256"], body: $0["body"],
                               receivedMs: $0["received_ms"], appliedMs: $0["applied_ms"])
            }
        }
    }
}
