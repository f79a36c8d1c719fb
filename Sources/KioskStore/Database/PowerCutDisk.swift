import CPowerCutVFS

/// A disk that loses power: a SQLite VFS (`kiosk-power-cut`) that keeps every write in process memory
/// until SQLite syncs the file, for tests and `scripts/crashtest --power-cuts`.
///
/// `kill -9` keeps the operating system's page cache, so it cannot show what a real power cut loses:
/// a commit SQLite wrote but did not fsync. Through this VFS it can. Writes and truncations land in
/// 4 KiB blocks held in memory (shared by every connection of the process on the same file, like a page
/// cache) and reach the real file only at `xSync`; ``cut(directory:seed:)`` throws away what was not synced, and
/// may first let a seeded prefix of the last block written reach the file (a torn write). Killing a
/// process that uses the VFS loses its unsynced blocks with it, so a SIGKILL is a power cut too.
/// Locks and the WAL index pass through to SQLite's unix VFS; no fsync is issued, since the process
/// stands for the disk.
///
/// The VFS lives in the system libsqlite3 that GRDB links (the C target links the same library), so
/// GRDB's connections can use it. Two ways to open through it:
/// - `install(asDefault: true)` before anything opens the database makes it SQLite's default, so every
///   connection the process opens afterwards (the kiosk's pool, inspections, the audit) uses it without
///   any change to how the kiosk opens files. `kiosk sim --power-cut-disk` does this.
/// - `install(asDefault: false)` and a `file:PATH?vfs=kiosk-power-cut` URI for just the files that
///   should use it, which is what tests do: they share their process with suites that must keep the
///   plain disk. Debian's SQLite is built with `SQLITE_USE_URI=1`, and GRDB hands the path to
///   `sqlite3_open_v2` unchanged.
public enum PowerCutDisk {
    /// The name the VFS is registered under with SQLite.
    public static let vfsName = KIOSK_POWER_CUT_VFS_NAME

    /// SQLite refused to register the VFS.
    public struct RegistrationError: Error, Equatable, CustomStringConvertible {
        /// The SQLite result code.
        public let code: Int32

        public var description: String { "the power-cut VFS could not be registered (SQLite code \(code))" }
    }

    /// What one cut did.
    public struct CutReport: Sendable, Equatable {
        /// Unsynced bytes thrown away (whole 4 KiB blocks).
        public let droppedBytes: UInt64
        /// Bytes of the torn block that reached the real file; 0 when nothing tore.
        public let tornBytes: UInt64
        /// Open files that went dead.
        public let deadFiles: UInt64
    }

    /// Counters since the process started.
    public struct Counters: Sendable, Equatable {
        /// Writes buffered in memory.
        public let writes: UInt64
        /// Syncs that wrote a file's unsynced blocks to the real file.
        public let syncs: UInt64
        /// Bytes those syncs wrote.
        public let syncedBytes: UInt64
        /// Cuts, called or armed.
        public let cuts: UInt64
        /// Bytes that reached real files as torn writes, over all cuts.
        public let tornBytes: UInt64
        /// Unsynced bytes held right now: what a cut would throw away.
        public let unsyncedBytes: UInt64
    }

    /// Registers the VFS (registering again is harmless); with `asDefault`, connections opened from now
    /// on use it unless their URI names another VFS. Connections already open keep their VFS.
    public static func install(asDefault: Bool) throws(RegistrationError) {
        let code = kiosk_power_cut_install(asDefault ? 1 : 0)
        guard code == 0 else { throw RegistrationError(code: code) }
    }

    /// Cuts the power of the files under `directory` (one simulated station's data directory) now; other
    /// databases in the process keep their unsynced data. Every file open through the VFS under it goes
    /// dead: its later writes, syncs and truncations are dropped, and so is every file deletion while a
    /// dead file is still open (closing the last WAL connection checkpoints and deletes the WAL). All its
    /// unsynced data is thrown away. With a `seed`, one file's last written block may first reach the disk
    /// in part: the seed picks the file and the length (0 bytes to the whole block).
    ///
    /// The caller then closes every connection (errors from closing dead files are expected) and opens
    /// the database again: it sees exactly what had been synced.
    @discardableResult
    public static func cut(directory: String, seed: UInt64?) -> CutReport {
        report(kiosk_power_cut_directory(directory, seed == nil ? 0 : 1, seed ?? 0))
    }

    /// Arms a cut of the files under `directory` that happens inside the `afterWrites`-th buffered write
    /// to one of them from now, wherever SQLite is (mid-commit, mid-checkpoint); that write is the one
    /// that may tear, as in ``cut(directory:seed:)``. Other databases in the process neither count nor lose
    /// anything. Used once; 0 disarms.
    public static func armCut(afterWrites: UInt64, seed: UInt64?, directory: String) {
        kiosk_power_cut_arm(afterWrites, seed == nil ? 0 : 1, seed ?? 0, directory)
    }

    /// What the cut last armed did, once it has happened; nil before.
    public static var armedCutReport: CutReport? {
        var raw = kiosk_power_cut_report()
        return kiosk_power_cut_armed_fired(&raw) != 0 ? report(raw) : nil
    }

    /// The counters now.
    public static var counters: Counters {
        let raw = kiosk_power_cut_read_counters()
        return Counters(
            writes: raw.writes, syncs: raw.syncs, syncedBytes: raw.synced_bytes, cuts: raw.cuts,
            tornBytes: raw.torn_bytes, unsyncedBytes: raw.unsynced_bytes
        )
    }

    /// A SQLite URI that opens the file at `path` through this VFS.
    public static func uri(path: String) -> String {
        let kept = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~+".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if kept.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += (hex.count == 1 ? "%0" : "%") + hex
            }
        }
        return "file:\(encoded)?vfs=\(vfsName)"
    }

    private static func report(_ raw: kiosk_power_cut_report) -> CutReport {
        CutReport(droppedBytes: raw.dropped_bytes, tornBytes: raw.torn_bytes, deadFiles: raw.dead_handles)
    }
}
