import Foundation
import KioskStore

/// Refuses to start a station on a damaged database file, with one line saying what to do.
///
/// Runs SQLite's integrity and foreign-key checks on the file before the station opens it: a station
/// that booted on damaged pages could replay half a journal or lose sales when a page gives way.
enum DamagedDatabaseGate {
    /// Throws a ``CommandFailure`` when the database in `dataDirectory` exists and is damaged or is
    /// not an SQLite database; does nothing when there is no file yet (a new station).
    static func refuseDamaged(dataDirectory: String) throws {
        let path = KioskDatabase.databasePath(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: path) else { return }
        let problem: String
        do {
            let report = try DatabaseChecker.check(databaseAt: path)
            guard let first = report.problems.first else { return }
            problem = "is damaged (\(first))"
        } catch {
            switch error {
            case .notADatabase: problem = "is not an SQLite database (damaged?)"
            case .databaseCorrupt(_, let detail): problem = "is damaged (\(detail))"
            default: return
            }
        }
        throw CommandFailure("database \(path) \(problem); not starting. Restore the newest good backup "
            + "with `kiosk db restore --data-dir \(dataDirectory)` (README: When the database is damaged)")
    }
}
