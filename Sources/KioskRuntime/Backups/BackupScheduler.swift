import KioskEngine
import Foundation
import KioskStore

/// The station's automatic daily backup: at most one copy per Beijing day in `<data-dir>/backups`,
/// named `kiosk-YYYYMMDD.sqlite`, the oldest deleted beyond the board's `limits.backups_kept`.
///
/// Clock-free like the engine: the run loop passes the time, so tests and the simulation drive it with
/// their own clock. A day's backup already on disk (from before a restart) counts as done.
public final class BackupScheduler {
    /// The folder the backups go into.
    public let directory: String
    /// How many daily backups to keep.
    public let kept: Int
    private let database: KioskDatabase
    /// The last day a backup was made or found, so the run loop's calls cost nothing the rest of the day.
    private var doneDay: BeijingDate?

    /// A scheduler backing up `database` into `<its data directory>/backups`, keeping `kept` copies.
    public init(database: KioskDatabase, kept: Int) {
        precondition(kept >= 1, "a board keeps at least one backup")
        self.database = database
        self.kept = kept
        directory = URL(fileURLWithPath: database.dataDirectory).appendingPathComponent("backups").path
    }

    /// The file name of the backup made on `day`.
    public static func fileName(for day: BeijingDate) -> String {
        "kiosk-\(day.compact).sqlite"
    }

    /// Backs up the database if the Beijing day of `nowMs` has no backup yet, then deletes the oldest
    /// backups beyond ``kept``. Returns the path of the backup it made, or nil when none was due.
    @discardableResult
    public func runIfDue(nowMs: Int64) throws(StoreError) -> String? {
        let today = BeijingDate(epochMs: nowMs)
        if doneDay == today { return nil }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName(for: today)).path
        if FileManager.default.fileExists(atPath: path) {
            doneDay = today
            return nil
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .destinationNotWritable(path: path)
        }
        try DatabaseBackup.backup(database, to: path)
        doneDay = today
        try deleteOldest()
        return path
    }

    /// The daily backups on disk, oldest first (file names only).
    public func backups() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(Self.isDailyBackup).sorted()
    }

    private func deleteOldest() throws(StoreError) {
        for name in backups().dropLast(kept) {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw .destinationNotWritable(path: path)
            }
        }
    }

    /// `kiosk-` + eight digits + `.sqlite`: the scheduler never touches a file it did not name.
    static func isDailyBackup(_ name: String) -> Bool {
        guard name.hasPrefix("kiosk-"), name.hasSuffix(".sqlite") else { return false }
        let digits = name.dropFirst("kiosk-".count).dropLast(".sqlite".count)
        return digits.count == 8 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }
}
