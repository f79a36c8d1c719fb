import Foundation
import Logging
import Synchronization

/// The newest log lines, kept in a bounded ring for the shell's `log tail`.
public final class RecentLogLines: Sendable {
    private let lines = Mutex<[String]>([])
    /// Lines kept; older ones are dropped.
    public let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
    }

    func append(_ line: String) {
        lines.withLock { lines in
            if lines.count == capacity { lines.removeFirst() }
            lines.append(line)
        }
    }

    /// The newest `count` lines, oldest first.
    public func tail(_ count: Int) -> [String] {
        lines.withLock { Array($0.suffix(max(0, count))) }
    }

    /// A log handler that writes into this ring.
    public func handler(label: String) -> some LogHandler {
        RingLogHandler(label: label, ring: self)
    }
}

/// Formats a log entry as one line into a ``RecentLogLines`` ring.
struct RingLogHandler: LogHandler {
    let label: String
    let ring: RecentLogLines
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        ring.append("\(ISO8601DateFormatter().string(from: Date())) \(event.level) \(label): \(event.message)\(details)")
    }
}
