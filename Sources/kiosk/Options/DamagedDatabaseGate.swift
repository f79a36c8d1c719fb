import Foundation
import KioskStore

/// Refuses to start a station, or to write with any command, on a damaged or lost database, with one
/// line saying what to do.
///
/// Runs SQLite's integrity and foreign-key checks on the file before anything opens it: a station that
/// booted on damaged pages could replay half a journal or lose sales when a page gives way, and a
/// catalog import or a new account written into a damaged file hides the damage. A database that is
/// missing or empty where a station has run (its marker `kiosk.station`, backups or receipts are there) is lost, not
/// new: starting afresh would number orders from 1 again.
enum DamagedDatabaseGate {
    /// Throws a ``CommandFailure`` when the database in `dataDirectory` is damaged, not an SQLite
    /// database, or missing or empty where a station has run; does nothing for a new data directory.
    static func refuseDamaged(dataDirectory: String) throws {
        let path = KioskDatabase.databasePath(dataDirectory: dataDirectory)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size ?? 0 == 0, let evidence = DataDirectory.stationEvidence(dataDirectory) {
            let state = size == nil ? "is missing" : "is empty (0 bytes)"
            throw CommandFailure("database \(path) \(state) but a station has run in \(dataDirectory) (\(evidence)); "
                + "not starting a new one. Restore the newest good backup with `kiosk db restore --data-dir \(dataDirectory)` "
                + "(README: When the database is damaged)")
        }
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
