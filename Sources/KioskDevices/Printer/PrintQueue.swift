/// A receipt or report to print, with an identity so it prints once.
public struct PrintJob: Sendable, Equatable {
    /// Unique per document (e.g. `receipt-<order id>`); a second job with the same ID is refused
    /// unless it is a marked reprint.
    public var id: String
    /// The ESC/POS bytes.
    public var bytes: [UInt8]
    /// A deliberate reprint (it may carry the same ID as a printed job).
    public var isReprint: Bool

    /// A job.
    public init(id: String, bytes: [UInt8], isReprint: Bool = false) {
        self.id = id
        self.bytes = bytes
        self.isReprint = isReprint
    }
}

/// What happened to queued jobs.
public enum PrintQueueEvent: Sendable, Equatable {
    /// The job waits because the printer cannot print; `reason` says why (paper out, cover
    /// open, unplugged…). Reported when the reason changes.
    case held(jobID: String, reason: String)
    /// The printer confirmed the job.
    case printed(jobID: String)
    /// The printer confirmed a job and reports its paper roll nearly empty.
    case paperNearEnd
}

/// Why a job was refused.
public enum PrintQueueError: Error, Equatable, Sendable {
    /// The queue already holds its limit of jobs.
    case full(limit: Int)
    /// A job with this ID is queued or was printed, and this one is not a marked reprint.
    case duplicate(jobID: String)
}

/// A bounded queue in front of one printer. Jobs are held while the printer is out of paper, has
/// its cover open or is unplugged, and go out in order once it is fixed; a job leaves the queue
/// only when the printer confirms it, so an unplug mid-job resends that job whole after re-plug.
public actor PrintQueue {
    private let printer: USBPrinter
    private let limit: Int
    private let retryIntervalMs: Int
    private var jobs: [PrintJob] = []
    private var printedIDs: [String] = []
    private var heldReason: String?
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let eventContinuation: AsyncStream<PrintQueueEvent>.Continuation

    /// Events for the UI and the log.
    public nonisolated let events: AsyncStream<PrintQueueEvent>

    /// How many printed IDs are remembered to refuse duplicates.
    public static let printedHistoryLimit = 256

    /// A queue of at most `limit` jobs (by default the printer configuration's `queueLimit`) for
    /// `printer`, rechecking a stuck printer every `retryIntervalMs`.
    public init(printer: USBPrinter, limit: Int? = nil, retryIntervalMs: Int = 500) {
        self.printer = printer
        self.limit = limit ?? printer.configuration.queueLimit
        self.retryIntervalMs = retryIntervalMs
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        (events, eventContinuation) = AsyncStream<PrintQueueEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    /// The IDs of jobs not yet confirmed, in print order.
    public var pendingJobIDs: [String] { jobs.map(\.id) }

    /// Queues `job`.
    public func submit(_ job: PrintJob) throws(PrintQueueError) {
        guard jobs.count < limit else { throw .full(limit: limit) }
        if !job.isReprint, jobs.contains(where: { $0.id == job.id }) || printedIDs.contains(job.id) {
            throw .duplicate(jobID: job.id)
        }
        jobs.append(job)
        wake.yield()
    }

    /// Tells the queue the printer may be back (e.g. a hotplug arrival), so it retries at once.
    public nonisolated func printerMayHaveChanged() {
        wake.yield()
    }

    /// Prints queued jobs until the calling task is cancelled.
    public func run() async {
        var wakeIterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            guard let job = jobs.first else {
                _ = await wakeIterator.next()
                continue
            }
            if let status = await attempt(job) {
                jobs.removeFirst()
                printedIDs.append(job.id)
                if printedIDs.count > Self.printedHistoryLimit { printedIDs.removeFirst() }
                heldReason = nil
                eventContinuation.yield(.printed(jobID: job.id))
                if status.isPaperNearEnd { eventContinuation.yield(.paperNearEnd) }
            } else {
                try? await Task.sleep(for: .milliseconds(retryIntervalMs))
            }
        }
    }

    /// Tries once to print `job`: the printer's status after confirming it, or `nil` when the job
    /// is held and stays first in the queue.
    private func attempt(_ job: PrintJob) async -> PrinterStatus? {
        do {
            try await printer.connectAndConfigure()
            let status = try await printer.status()
            guard status.canPrint else {
                hold(job, because: status.description)
                return nil
            }
            try await printer.send(job.bytes)
            return try await printer.confirm()
        } catch .noDevice {
            await printer.disconnect()
            hold(job, because: "printer unplugged")
        } catch .notFound {
            hold(job, because: "printer unplugged")
        } catch {
            await printer.disconnect()
            hold(job, because: error.description)
        }
        return nil
    }

    private func hold(_ job: PrintJob, because reason: String) {
        guard reason != heldReason else { return }
        heldReason = reason
        eventContinuation.yield(.held(jobID: job.id, reason: reason))
    }
}
