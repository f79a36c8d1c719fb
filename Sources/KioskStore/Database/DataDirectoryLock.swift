import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running station's claim on its data directory: the file `kiosk.lock` in it, held with `flock`.
///
/// Two stations on one database would interleave their journals, and a restore under a running station
/// would pull the file from under it. The kernel drops the lock when its holder dies, so a kill -9 or a
/// power cut never leaves a stale claim behind; the holder's pid in the file is only for the message
/// that names it.
public final class DataDirectoryLock {
    /// The name of the lock file inside the data directory.
    public static let fileName = "kiosk.lock"

    /// The path of the lock file.
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// Claims `dataDirectory` (creating it if needed) for this process, or throws
    /// ``StoreError/dataDirectoryInUse(path:holder:)`` at once when another process holds it.
    public static func acquire(dataDirectory: String) throws(StoreError) -> DataDirectoryLock {
        try DataDirectory.prepareForWriting(dataDirectory)
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName).path
        // Close-on-exec: the shell's `reboot` re-executes the kiosk, which must be able to claim it again.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .dataDirectoryNotWritable(path: dataDirectory) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = holderPID(descriptor)
            close(descriptor)
            throw .dataDirectoryInUse(path: dataDirectory, holder: holder)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return DataDirectoryLock(path: path, descriptor: descriptor)
    }

    /// Gives the claim up (also done when the lock is deinitialised, or by the kernel when the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        descriptor = -1
    }

    private static func holderPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
