import Foundation

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

    /// What in `path` shows a station has run there (its lock file, backups, receipts), or nil for a
    /// directory no station has used: there, a missing or empty database is a lost one, not a new one.
    public static func stationEvidence(_ path: String) -> String? {
        let files = FileManager.default
        let directory = URL(fileURLWithPath: path)
        if files.fileExists(atPath: directory.appendingPathComponent(DataDirectoryLock.fileName).path) {
            return DataDirectoryLock.fileName
        }
        for folder in ["backups", "receipts"] {
            let entries = (try? files.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
            if !entries.isEmpty { return "\(folder)/" }
        }
        return nil
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
