import Foundation
import Glibc
import KioskShell

/// The technician's end of a real terminal: a PTY side, a serial line or a socket, read with timeouts.
final class TerminalPeer {
    struct Timeout: Error, CustomStringConvertible {
        let expected: String
        let received: String
        var description: String { "timed out waiting for \"\(expected)\"; received: \(received.suffix(600))" }
    }

    let fd: Int32
    private var unread: [UInt8] = []

    /// Opens the PTY client side at `path` in raw mode, as picocom would.
    convenience init(ptyPath path: String) throws {
        let fd = open(path, O_RDWR | O_NOCTTY)
        guard fd >= 0 else { throw ShellTransportError.system(call: "open", path: path, reason: String(cString: strerror(errno))) }
        try TerminalMode.makeRaw(fd, path: path)
        self.init(fd: fd)
    }

    init(fd: Int32) {
        self.fd = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Types `login NAME`, waits for the PIN prompt and types `pin`; what the shell answers is the caller's to check.
    func enterLogin(_ name: String, pin: String) throws {
        send("login \(name)\r")
        try expect("PIN: ")
        send(pin + "\r")
    }

    /// Writes everything, reading (and keeping) output meanwhile so neither side can fill up.
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else {
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT | POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 50)
                collect(keep: true)
            }
        }
    }

    /// Reads until the output contains `expected`; returns everything read up to and including it.
    @discardableResult
    func expect(_ expected: String, timeout_ms: Int = 3_000) throws -> String {
        let deadline = Date().addingTimeInterval(Double(timeout_ms) / 1000)
        let needle = Array(expected.utf8)
        while true {
            if let range = firstRange(of: needle) {
                let text = String(decoding: unread[..<range.upperBound], as: UTF8.self)
                unread.removeFirst(range.upperBound)
                return text
            }
            guard Date() < deadline else {
                throw Timeout(expected: expected, received: String(decoding: unread, as: UTF8.self))
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            collect(keep: true)
        }
    }

    /// Reads whatever has arrived, discarding it.
    func discardPending() {
        collect(keep: false)
        unread.removeAll()
    }

    /// True when the other end has closed (reads return end of file).
    func isClosed(timeout_ms: Int = 2_000) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout_ms) / 1000)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            let count = read(fd, &buffer, buffer.count)
            if count == 0 { return true }
            if count > 0 { unread += buffer[..<count] }
        }
        return false
    }

    private func collect(keep: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return }
            if keep { unread += buffer[..<count] }
        }
    }

    private func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, unread.count >= needle.count else { return nil }
        for start in 0...(unread.count - needle.count) where unread[start] == needle[0] {
            if Array(unread[start..<(start + needle.count)]) == needle { return start..<(start + needle.count) }
        }
        return nil
    }
}
