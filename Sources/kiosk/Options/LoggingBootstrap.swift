import KioskRuntime
import Logging
import Synchronization

/// swift-log may be bootstrapped once per process; commands call this before making loggers.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// Logs go to standard error, and also into `recentLog` when given (the shell's `log tail`).
    static func bootstrapOnce(recentLog: RecentLogLines? = nil) {
        done.withLock { done in
            guard !done else { return }
            LoggingSystem.bootstrap { label in
                guard let recentLog else { return StreamLogHandler.standardError(label: label) }
                return MultiplexLogHandler([StreamLogHandler.standardError(label: label), recentLog.handler(label: label)])
            }
            done = true
        }
    }
}
