import Logging
import Synchronization

/// The kiosk's log level, shared by every logger in the process, so the shell's `log level` changes what
/// the running station logs: swift-log loggers are values, and each copy would keep its own level.
public final class LogLevelControl: Sendable {
    /// The process's control, consulted by ``SharedLevelLogHandler``.
    public static let shared = LogLevelControl()

    private let levelIndex = Atomic<Int>(Logger.Level.allCases.firstIndex(of: .info)!)

    /// The level entries must reach to be written.
    public var level: Logger.Level {
        get { Logger.Level.allCases[levelIndex.load(ordering: .relaxed)] }
        set { levelIndex.store(Logger.Level.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }
}

/// A log handler whose level is the process's ``LogLevelControl``: setting a logger's level sets it for
/// every logger, and the shell's `log level` reaches loggers made before it.
public struct SharedLevelLogHandler: LogHandler {
    private var base: any LogHandler

    public init(base: any LogHandler) {
        self.base = base
    }

    public var logLevel: Logger.Level {
        get { LogLevelControl.shared.level }
        set { LogLevelControl.shared.level = newValue }
    }

    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        base.log(event: event)
    }
}
