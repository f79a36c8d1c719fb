import Foundation
import Glibc

/// systemd's side of `NOTIFY_SOCKET`: a bound Unix datagram socket, read one message at a time.
final class NotifyListener {
    /// The value to put in `NOTIFY_SOCKET` (`@name` for an abstract socket).
    let address: String
    private let descriptor: Int32

    /// Binds an abstract socket (`@kiosk-test-…`) when `abstract`, else a socket file in `directory`.
    init(abstract: Bool, directory: String) throws {
        let name = abstract ? "@kiosk-test-\(UUID().uuidString.prefix(12))" : directory + "/notify.sock"
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.descriptor = descriptor
        self.address = name
    }

    deinit { close(descriptor) }

    /// The next message and when it came, or nil if none comes within `timeout_ms`.
    func next(timeout_ms: Int32) -> (text: String, at: ContinuousClock.Instant)? {
        var descriptorPoll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptorPoll, 1, timeout_ms) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return (String(decoding: buffer.prefix(count), as: UTF8.self), ContinuousClock.now)
    }

    /// Reads until a message containing `line` as one of its lines comes; nil if none within `timeout_ms`.
    func waitFor(_ line: String, timeout_ms: Int) -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + .milliseconds(timeout_ms)
        while case let left = (deadline - ContinuousClock.now) / .milliseconds(1), left > 0 {
            guard let message = next(timeout_ms: Int32(left) + 1) else { return nil }
            if message.text.split(separator: "\n").contains(Substring(line)) { return message.at }
        }
        return nil
    }
}
