import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the kiosk keeps its one SQLite file, and the checks made before touching it.
public enum DataDirectory {
    /// The environment variable that overrides the default data directory.
    public static let environmentVariable = "KIOSK_DATA_DIR"

    /// The directory used when none is given: `$KIOSK_DATA_DIR` if set and non-empty, else `./kiosk-data`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment[environmentVariable], !configured.isEmpty {
            return configured
        }
        return "./kiosk-data"
    }

    /// The file that says a station's database was created in a data directory: written once the new
    /// database's schema is committed and synced, holding its store id.
    public static let stationMarkerName = "kiosk.station"

    /// What in `path` shows a station has run there (its marker, backups, receipts), or nil for a
    /// directory no station has used: there, a missing or empty database is a lost one, not a new one.
    /// The lock file is no such sign: a power cut during a first boot leaves it beside a database that
    /// was never written, and that station must start at the next boot.
    public static func stationEvidence(_ path: String) -> String? {
        let files = FileManager.default
        let directory = URL(fileURLWithPath: path)
        if files.fileExists(atPath: directory.appendingPathComponent(stationMarkerName).path) {
            return stationMarkerName
        }
        for folder in ["backups", "receipts"] {
            let entries = (try? files.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
            if !entries.isEmpty { return "\(folder)/" }
        }
        return nil
    }

    /// Writes the station marker in `path` if it is not there yet: the file, then the directory entry,
    /// synced, so the marker never outlives a power cut that the database it speaks for did not.
    static func recordStation(_ path: String, storeID: String) {
        let marker = URL(fileURLWithPath: path).appendingPathComponent(stationMarkerName).path
        guard !FileManager.default.fileExists(atPath: marker) else { return }
        let temporary = marker + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let text = Array("store \(storeID)\n".utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == text.count && fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, marker) == 0 else {
            unlink(temporary)
            return
        }
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Creates the directory if needed and makes sure it accepts writes.
    ///
    /// Checked up front so a read-only disk gives one clear sentence instead of an SQLite error later.
    public static func prepareForWriting(_ path: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .dataDirectoryNotADirectory(path: path) }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .dataDirectoryUnavailable(path: path, reason: FileSystemErrorText.reason(error))
            }
        }
        guard access(path, W_OK | X_OK) == 0 else { throw .dataDirectoryNotWritable(path: path) }
    }
}
