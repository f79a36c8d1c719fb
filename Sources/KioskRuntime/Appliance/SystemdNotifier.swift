import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how the station is doing (`sd_notify`), without libsystemd: one datagram per message to
/// the Unix socket systemd names in `NOTIFY_SOCKET` (a path, or an abstract name written `@name`).
///
/// Outside systemd (`NOTIFY_SOCKET` unset) every call does nothing. `WATCHDOG_USEC` asks for a
/// `WATCHDOG=1` at least that often; ``watchdogIntervalMs`` is half of it, as systemd advises.
public final class SystemdNotifier: @unchecked Sendable {
    /// The socket's address, or nil outside systemd.
    private let address: [UInt8]?
    private let descriptor: Int32
    /// How often to ping the watchdog; nil when systemd asked for none (or asked another process).
    public let watchdogIntervalMs: Int64?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        // A path must fit sockaddr_un's sun_path (108 bytes on Linux, the terminating NUL included).
        if let path, path.utf8.count < 108, path.hasPrefix("/") || path.hasPrefix("@") {
            var bytes = Array(path.utf8)
            if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
            address = bytes
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        } else {
            address = nil
            descriptor = -1
        }
        let forThisProcess = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if address != nil, forThisProcess, let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogIntervalMs = max(usec / 2_000, 1)
        } else {
            watchdogIntervalMs = nil
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether systemd listens (the process was started by a `Type=notify` unit, or a test playing it).
    public var isListening: Bool { address != nil && descriptor >= 0 }

    /// Boot recovery is done and the station takes inputs.
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// The event loop turned: systemd's watchdog timer starts again.
    public func watchdogPing() { send("WATCHDOG=1") }

    /// The station is stopping cleanly.
    public func stopping() { send("STOPPING=1") }

    /// Sends one notification; a failure is ignored, as sd_notify's callers do: systemd notices silence.
    @discardableResult
    func send(_ message: String) -> Bool {
        guard let address, descriptor >= 0 else { return false }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { path in
            path.copyBytes(from: address)
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + address.count)
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                sendto(descriptor, payload, payload.count, Int32(MSG_NOSIGNAL), generic, length)
            }
        }
        return sent == payload.count
    }
}
