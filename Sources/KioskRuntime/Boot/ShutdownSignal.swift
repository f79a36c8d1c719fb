import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGINT or SIGTERM, so `kiosk run` stops cleanly: the store is closed after the last
/// transaction, never in the middle of one.
public final class ShutdownSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "kiosk.signals")
    /// The signal that arrived (SIGINT or SIGTERM), once one has.
    public private(set) var received: Int32?

    public init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self, self.received == nil else { return }
                self.received = signalNumber
                self.semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until a signal arrives; returns its name.
    public func wait() -> String {
        semaphore.wait()
        return received == SIGINT ? "SIGINT" : "SIGTERM"
    }

    /// Asks the waiter to stop as if a signal had arrived (the shell's `shutdown`).
    public func requestShutdown() {
        queue.async {
            guard self.received == nil else { return }
            self.received = SIGTERM
            self.semaphore.signal()
        }
    }
}
