import Foundation
import Glibc

/// Waits for a file another process writes, woken by inotify whenever its directory changes.
enum FileWatch {
    /// Blocks until the file at `path` holds exactly `expected`, or `timeout_ms` passes; returns whether
    /// it did. The watch is set before the first look, so a write between the two is not missed.
    static func waitUntil(_ path: String, holds expected: String, timeout_ms: Int) -> Bool {
        let watch = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard watch >= 0 else { return false }
        defer { close(watch) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let changes = UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO)
        guard inotify_add_watch(watch, directory, changes) >= 0 else { return false }
        let deadline = ContinuousClock.now + .milliseconds(timeout_ms)
        var events = [UInt8](repeating: 0, count: 4096)
        while (try? String(contentsOfFile: path, encoding: .utf8)) != expected {
            let left_ms = (deadline - ContinuousClock.now) / .milliseconds(1)
            guard left_ms > 0 else { return false }
            var descriptor = pollfd(fd: watch, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(min(left_ms, Double(Int32.max))) + 1)
            while read(watch, &events, events.count) > 0 {}
        }
        return true
    }
}
