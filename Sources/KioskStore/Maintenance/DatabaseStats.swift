import Foundation
import GRDB

/// How many rows one table holds.
public struct TableRowCount: Sendable, Equatable {
    /// The table name.
    public let table: String
    /// Its row count.
    public let rows: Int
}

/// Row counts and file sizes, for `kiosk db stats` and the maintenance shell.
public struct DatabaseStats: Sendable, Equatable {
    /// Rows per schema table, in ``KioskSchema/tables`` order.
    public let rowCounts: [TableRowCount]
    /// The size of the main database file in bytes.
    public let fileBytes: Int64
    /// The size of the write-ahead log in bytes (0 when absent).
    public let walBytes: Int64
    /// The migrations recorded in the database, in the order this binary registers them.
    public let appliedMigrations: [String]

    /// Reads the figures from an open database.
    public static func read(_ database: KioskDatabase) throws(StoreError) -> DatabaseStats {
        let counts: [TableRowCount]
        let migrations: [String]
        do {
            (counts, migrations) = try database.pool.read { db in
                let counts = try KioskSchema.tables.map { table in
                    TableRowCount(table: table, rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)
                }
                return (counts, try KioskSchema.migrator.appliedMigrations(db))
            }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
        return DatabaseStats(
            rowCounts: counts, fileBytes: fileSize(database.path), walBytes: fileSize(database.path + "-wal"),
            appliedMigrations: migrations)
    }

    private static func fileSize(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
