import CLibCrypto
import Foundation

/// A station's uplink key: 32 random bytes issued by the hub at enrolment, kept by the hub and in a
/// 0600 file at the station. Its description never shows the bytes, so logging one leaks nothing.
public struct StationKey: Sendable, Equatable, CustomStringConvertible {
    public static let length = 32
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = bytes
    }

    /// A new key from OpenSSL's random source.
    public static func random() -> StationKey {
        var bytes = [UInt8](repeating: 0, count: length)
        precondition(RAND_bytes(&bytes, Int32(length)) == 1, "the system's random source is available")
        return StationKey(bytes: bytes)!
    }

    /// The key as the key file holds it: 64 lowercase hex digits.
    public var hex: String { UplinkSignature.hex(bytes) }

    public init?(hex: String) {
        guard let bytes = UplinkSignature.bytes(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        self.init(bytes: bytes)
    }

    public var description: String { "StationKey(redacted)" }
}

/// Reading and writing a key file (64 hex digits and a newline, mode 0600).
public enum StationKeyFile {
    public enum Problem: Error, CustomStringConvertible {
        case unreadable(String)
        case malformed(String)
        case unwritable(String, Int32)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read the key file \(path)"
            case .malformed(let path): "\(path) does not hold a station key (64 hex digits)"
            case .unwritable(let path, let code): "cannot write the key file \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    public static func read(_ path: String) throws(Problem) -> StationKey {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let key = StationKey(hex: String(decoding: data, as: UTF8.self)) else { throw .malformed(path) }
        return key
    }

    /// Writes `key` to `path`, created with mode 0600 (never readable by others, even for a moment),
    /// replacing a file already there, and synced.
    public static func write(_ key: StationKey, to path: String) throws(Problem) {
        let temporary = path + ".new"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path, errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data((key.hex + "\n").utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary)
            throw .unwritable(path, EIO)
        }
        guard rename(temporary, path) == 0 else { throw .unwritable(path, errno) }
    }
}
