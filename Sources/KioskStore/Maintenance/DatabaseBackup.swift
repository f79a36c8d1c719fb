import Foundation
import GRDB

/// Copies the live database with SQLite's online backup API: consistent even while the kiosk writes.
public enum DatabaseBackup {
    /// Writes a backup of `database` to `path`; refuses to replace an existing file unless `overwrite`.
    ///
    /// The copy is made next to `path` and renamed into place, so `path` never holds half a backup.
    /// Returns the size of the backup in bytes.
    @discardableResult
    public static func backup(_ database: KioskDatabase, to path: String, overwrite: Bool = false) throws(StoreError) -> Int64 {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path), !overwrite { throw .fileExists(path: path) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard access(directory, W_OK | X_OK) == 0 else { throw .destinationNotWritable(path: path) }
        let partialPath = path + ".partial"
        try? fileManager.removeItem(atPath: partialPath)
        do {
            let destination = try DatabaseQueue(path: partialPath)
            try database.pool.backup(to: destination)
            let report = try destination.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            try destination.close()
            guard report == ["ok"] else {
                throw StoreError.databaseCorrupt(path: partialPath, detail: report.joined(separator: "; "))
            }
            guard rename(partialPath, path) == 0 else {
                throw StoreError.sqlite(path: path, message: String(cString: strerror(errno)))
            }
        } catch {
            try? fileManager.removeItem(atPath: partialPath)
            throw StoreErrorMapping.map(error, path: path)
        }
        let attributes = try? fileManager.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
