import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a backup in place of a station's database: what a field technician does when the database is
/// damaged, as one command that cannot make things worse.
///
/// The backup is checked, copied next to the database and synced before anything is moved; the damaged
/// files are set aside (never deleted) in a `damaged-…` folder of the data directory; then the copy is
/// renamed into place. A power cut at any step leaves either the old database or the restored one,
/// never half of one. It refuses while a station holds the data directory (``DataDirectoryLock``).
public enum DatabaseRestore {
    /// A backup file found in the data directory's `backups` folder.
    public struct Candidate: Sendable, Equatable {
        /// The backup's path.
        public let path: String
        /// Its size in bytes.
        public let bytes: Int64
        /// When it was last written.
        public let modified: Date
        /// Why it cannot be restored (the first problem the checks found), nil when it can.
        public let problem: String?
    }

    /// What a restore did.
    public struct Outcome: Sendable, Equatable {
        /// The backup now in place.
        public let backup: String
        /// The folder the replaced database files were moved to, nil when there was no database.
        public let setAside: String?
        /// Journal entries in the restored database (events recorded up to the backup).
        public let journalEntries: Int64
        /// When its last journaled event happened (epoch ms, 0 when its journal is empty).
        public let lastEventMs: Int64
    }

    /// The `.sqlite` files in `<dataDirectory>/backups`, newest first, each checked.
    public static func candidates(dataDirectory: String) -> [Candidate] {
        backupFiles(dataDirectory).map(candidate(at:))
    }

    /// Restores `backup`, or when nil the newest backup that passes the checks, into `dataDirectory`.
    ///
    /// `timestamp` names the folder the replaced files go to (`damaged-<timestamp>`). Throws, changing
    /// nothing, when a station holds the directory, when the chosen backup is missing or damaged, or when
    /// no backup passes the checks.
    public static func restore(dataDirectory: String, backup: String?, timestamp: String) throws(StoreError) -> Outcome {
        let lock = try DataDirectoryLock.acquire(dataDirectory: dataDirectory)
        defer { lock.release() }
        let source = try chooseBackup(backup, dataDirectory: dataDirectory)
        let databasePath = KioskDatabase.databasePath(dataDirectory: dataDirectory)
        let stagingPath = databasePath + ".restoring"
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: stagingPath)
        do {
            try fileManager.copyItem(atPath: source, toPath: stagingPath)
        } catch {
            throw .destinationNotWritable(path: stagingPath)
        }
        let problem: String?
        do {
            try syncFile(stagingPath)
            problem = candidate(at: stagingPath).problem
        } catch {
            try? fileManager.removeItem(atPath: stagingPath)
            throw error
        }
        if let problem {
            try? fileManager.removeItem(atPath: stagingPath)
            throw .databaseCorrupt(path: stagingPath, detail: problem)
        }
        do {
            // A new incarnation: charges made from now on must not reuse the numbers the backup's sent.
            try StoreIdentity.renew(databaseAt: stagingPath)
            try syncFile(stagingPath)
        } catch {
            try? fileManager.removeItem(atPath: stagingPath)
            throw StoreErrorMapping.map(error, path: stagingPath)
        }
        let setAside = try setAsideDatabaseFiles(of: dataDirectory, timestamp: timestamp)
        guard rename(stagingPath, databasePath) == 0 else {
            throw .sqlite(path: databasePath, message: String(cString: strerror(errno)))
        }
        try syncFile(dataDirectory)
        let summary = try journalSummary(databasePath)
        return Outcome(backup: source, setAside: setAside, journalEntries: summary.entries, lastEventMs: summary.lastMs)
    }

    static func backupsDirectory(_ dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("backups").path
    }

    /// The paths of the `.sqlite` files in the backups folder, newest first.
    private static func backupFiles(_ dataDirectory: String) -> [String] {
        let directory = URL(fileURLWithPath: backupsDirectory(dataDirectory))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let dated = names.filter { $0.hasSuffix(".sqlite") }.map { name in
            let path = directory.appendingPathComponent(name).path
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return (path: path, modified: attributes?[.modificationDate] as? Date ?? .distantPast)
        }
        return dated.sorted { ($0.modified, $0.path) > ($1.modified, $1.path) }.map(\.path)
    }

    private static func candidate(at path: String) -> Candidate {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let problem: String?
        do {
            problem = try DatabaseChecker.check(databaseAt: path).problems.first
        } catch {
            problem = String(describing: error)
        }
        return Candidate(path: path, bytes: (attributes?[.size] as? NSNumber)?.int64Value ?? 0,
                         modified: attributes?[.modificationDate] as? Date ?? .distantPast, problem: problem)
    }

    private static func chooseBackup(_ backup: String?, dataDirectory: String) throws(StoreError) -> String {
        if let backup {
            let report = try DatabaseChecker.check(databaseAt: backup)
            if let problem = report.problems.first { throw .databaseCorrupt(path: backup, detail: problem) }
            return backup
        }
        // Checked newest first, one at a time: each check reads the whole file.
        let files = backupFiles(dataDirectory)
        guard let usable = files.first(where: { candidate(at: $0).problem == nil }) else {
            throw .noUsableBackup(directory: backupsDirectory(dataDirectory), rejected: files.count)
        }
        return usable
    }

    /// Moves the database and its `-wal` and `-shm` files into `damaged-<timestamp>`; nil when there was
    /// no database file.
    private static func setAsideDatabaseFiles(of dataDirectory: String, timestamp: String) throws(StoreError) -> String? {
        let databasePath = KioskDatabase.databasePath(dataDirectory: dataDirectory)
        let fileManager = FileManager.default
        let present = [databasePath, databasePath + "-wal", databasePath + "-shm"]
            .filter { fileManager.fileExists(atPath: $0) }
        guard !present.isEmpty else { return nil }
        let folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("damaged-\(timestamp)").path
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .destinationNotWritable(path: folder)
        }
        // The WAL first: if the power goes between two moves, no database is left beside a WAL of another.
        for path in present.reversed() {
            let target = URL(fileURLWithPath: folder).appendingPathComponent((path as NSString).lastPathComponent).path
            guard rename(path, target) == 0 else {
                throw .sqlite(path: path, message: String(cString: strerror(errno)))
            }
        }
        return folder
    }

    private static func journalSummary(_ path: String) throws(StoreError) -> (entries: Int64, lastMs: Int64) {
        do {
            let queue = try ExistingDatabaseFile.open(path)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("journal") else { return (0, 0) }
                let row = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(recorded_at_ms), 0) FROM journal")
                return (row?[0] ?? 0, row?[1] ?? 0)
            }
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }

    /// fsync on a file or a directory, so a rename or a copy outlives a power cut.
    private static func syncFile(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .sqlite(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .sqlite(path: path, message: String(cString: strerror(errno))) }
    }
}
