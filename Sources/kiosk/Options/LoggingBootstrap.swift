import Logging
import Synchronization

/// swift-log may be bootstrapped once per process; commands call this before making loggers.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func bootstrapOnce() {
        done.withLock { done in
            guard !done else { return }
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
            done = true
        }
    }
}
