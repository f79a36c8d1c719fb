import KioskRuntime
import KioskEngine
import KioskSimulator
import Logging
import Synchronization

/// swift-log may be bootstrapped once per process; commands call this before making loggers.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// Logs go to standard error, and also into `recentLog` when given (the shell's `log tail`), at the
    /// one level of ``LogLevelControl`` (the handlers inside pass everything it lets through).
    static func bootstrapOnce(recentLog: RecentLogLines? = nil) {
        done.withLock { done in
            guard !done else { return }
            LoggingSystem.bootstrap { label in
                var destinations: [any LogHandler] = [StreamLogHandler.standardError(label: label)]
                if let recentLog { destinations.append(recentLog.handler(label: label)) }
                var everything = MultiplexLogHandler(destinations)
                everything.logLevel = .trace
                return SharedLevelLogHandler(base: everything)
            }
            done = true
        }
    }
}
