import Foundation
import GRDB

/// The outcome of `PRAGMA integrity_check` and `PRAGMA foreign_key_check`.
public struct DatabaseCheckReport: Sendable, Equatable {
    /// Every problem SQLite reported, one sentence each; empty when the database is sound.
    public let problems: [String]

    /// Whether both checks came back clean.
    public var isClean: Bool { problems.isEmpty }
}

/// Checks a database file page by page without migrating or otherwise changing it.
public enum DatabaseChecker {
    /// Runs the integrity and foreign-key checks on the file at `path`.
    ///
    /// Throws ``StoreError/databaseMissing(path:)`` or ``StoreError/notADatabase(path:)`` when there is
    /// nothing to check; damage found inside a database is returned in the report, not thrown.
    public static func check(databaseAt path: String) throws(StoreError) -> DatabaseCheckReport {
        let queue: DatabaseQueue
        do {
            queue = try ExistingDatabaseFile.open(path)
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
        defer { try? queue.close() }
        do {
            return try queue.read(runChecks)
        } catch {
            switch StoreErrorMapping.map(error, path: path) {
            case .databaseCorrupt(_, let detail): return DatabaseCheckReport(problems: [detail])
            case let other: throw other
            }
        }
    }

    /// Runs the same checks on an open database.
    public static func check(_ database: KioskDatabase) throws(StoreError) -> DatabaseCheckReport {
        do {
            return try database.pool.read(runChecks)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    private static func runChecks(_ db: Database) throws -> DatabaseCheckReport {
        var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
        let rows = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
        for row in rows {
            let table: String = row[0]
            let rowid: Int64? = row[1]
            let parent: String = row[2]
            problems.append("\(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent) row")
        }
        return DatabaseCheckReport(problems: problems)
    }
}
