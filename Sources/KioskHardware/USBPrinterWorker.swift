import KioskEngine
import Dispatch
import KioskCore
import KioskDevices
import Logging
import Synchronization

/// The printer worker of a station with a USB printer: receipts, drawer kicks and test pages go through
/// one task, in order, so nothing else reaches the printer between a job and the status request that
/// confirms it. Each job is sent only when the printer says it can print, and counts as printed only
/// when the printer answers a status request sent after it; the outcome hops back to the engine's loop.
/// The engine never waits for it.
public final class USBPrinterWorker: EffectWorker, @unchecked Sendable {
    public let printer: USBPrinter
    let configuration: PrinterConfiguration
    let logger: Logger
    private let hop: LoopHop
    private let jobs: AsyncStream<Job>.Continuation
    private let task: Task<Void, Never>

    /// What the worker's task takes, in order. The engine keeps at most the board's print queue depth
    /// of receipts in flight, so the stream stays that short plus a drawer kick or a test page.
    private enum Job: Sendable {
        case work(WorkItem, UncheckedSendable<any WorkReports>)
        case testPage([UInt8], @Sendable (PrintOutcome) -> Void)
        case status(@Sendable (String) -> Void)
        case close(@Sendable () -> Void)
    }

    /// The worker of the printer `match`; `hop` brings each outcome back onto the engine's loop.
    public init(context: USBContext, match: USBDeviceMatch, configuration: PrinterConfiguration, logger: Logger,
                hop: @escaping LoopHop) {
        let printer = USBPrinter(context: context, match: match, configuration: configuration)
        self.printer = printer
        self.configuration = configuration
        self.logger = logger
        self.hop = hop
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self)
        jobs = continuation
        task = Task {
            for await job in stream {
                await Self.run(job, printer: printer, configuration: configuration, logger: logger, hop: hop)
            }
        }
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        jobs.yield(.work(work, UncheckedSendable(reports)))
    }

    /// Prints `bytes` straight away, outside the receipt queue (the shell's test page); blocks the
    /// caller — the shell's session thread, never the engine's loop — until the printer answers.
    public func printTestPage(_ bytes: [UInt8]) -> PrintOutcome {
        waitForWorker { done in self.jobs.yield(.testPage(bytes, done)) }
    }

    /// The printer's state for the shell (asks it; blocks the shell's thread, not the loop).
    public func statusText() -> String {
        waitForWorker { done in self.jobs.yield(.status(done)) }
    }

    /// Gives the printer back to the kernel (at shutdown, before the USB context closes).
    public func close() {
        _ = waitForWorker { (done: @escaping @Sendable (Bool) -> Void) in self.jobs.yield(.close({ done(true) })) }
        jobs.finish()
    }

    private static func run(_ job: Job, printer: USBPrinter, configuration: PrinterConfiguration, logger: Logger,
                            hop: LoopHop) async {
        switch job {
        case .work(let work, let reports):
            let outcome = await carryOut(work, printer: printer, configuration: configuration, logger: logger)
            hop { nowMs in reports.value.report(outcome, atMs: nowMs) }
        case .testPage(let bytes, let done):
            done(await print(bytes, printer: printer))
        case .status(let done):
            do {
                if await !printer.isConnected { try await printer.connectAndConfigure() }
                done("\(try await printer.status())")
            } catch {
                done("absent (\(error))")
            }
        case .close(let done):
            await printer.disconnect()
            done()
        }
    }

    private static func carryOut(_ work: WorkItem, printer: USBPrinter, configuration: PrinterConfiguration,
                                 logger: Logger) async -> StationInput {
        switch work {
        case .print(let jobID, let bytes):
            switch await print(bytes, printer: printer) {
            case .confirmed: return .printed(jobID: jobID)
            case .held(let hold): return .printHeld(jobID: jobID, hold)
            }
        case .openDrawer(let outboxKey), .refund(_, let outboxKey):
            if let pin = configuration.drawerPin {
                var encoder = ESCPOSEncoder()
                encoder.kickDrawer(pin: pin, pulseMs: configuration.drawerPulseMs)
                do {
                    if await !printer.isConnected { try await printer.connectAndConfigure() }
                    try await printer.send(encoder.bytes)
                } catch {
                    logger.warning("cash drawer: the printer is not reachable, open the drawer with its key")
                }
            }
            return .effectDone(outboxKey: outboxKey)
        case .charge, .query, .reverse, .presentQR, .pollQR, .closeQR, .sendMessage, .bill, .payout, .statementQuery:
            preconditionFailure("payment, message, bill or payout work reached the printer worker")
        }
    }

    private static func print(_ bytes: [UInt8], printer: USBPrinter) async -> PrintOutcome {
        do {
            if await !printer.isConnected { try await printer.connectAndConfigure() }
            switch try await printer.print(bytes) {
            case .printed: return .confirmed
            case .held(let status), .status(let status): return .held(PrinterHold(status))
            }
        } catch {
            await printer.disconnect()
            return .held(.offline)
        }
    }
}

/// Hands `enqueue` a completion and blocks the calling thread until the worker calls it. Only for the
/// shell's own threads (a test page, a status line): the engine's loop never calls it.
private func waitForWorker<T: Sendable>(_ enqueue: (@escaping @Sendable (T) -> Void) -> Void) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    enqueue { value in
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}
