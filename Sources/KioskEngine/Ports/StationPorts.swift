import KioskCore
import KioskDevices

/// What the payment gateway said to a charge, as a gateway adapter returns it.
public enum ChargeReply: Sendable, Equatable {
    /// An answer that arrives at `atMs` (the simulated gateway may delay it).
    case answered(PaymentAnswer, atMs: Int64)
    /// No answer will come: the engine times the charge out and queries it.
    case noAnswer
}

/// A payment gateway adapter (WeChat Pay, Alipay, UnionPay behind one acquirer), called by a
/// ``GatewayWorker``, never by the engine. Every call carries the charge's idempotency key, so a repeated
/// call never charges twice.
public protocol PaymentGatewayPort: AnyObject {
    func charge(key: String, code: PaymentCode, amountFen: Int64, nowMs: Int64) -> ChargeReply
    /// What became of a charge; nil when the gateway cannot be reached.
    func query(key: String, nowMs: Int64) -> PaymentQueryAnswer?
    /// Reverses (撤销) a charge; false when the gateway cannot be reached.
    func reverse(key: String, nowMs: Int64) -> Bool
    /// Refunds an approved charge; false when the gateway cannot be reached.
    func refund(key: String, amountFen: Int64, nowMs: Int64) -> Bool
}

/// What the printer did with a job.
public enum PrintOutcome: Sendable, Equatable {
    /// The printer answered a status request sent after the job: it printed.
    case confirmed
    /// The job waits (paper out, cover open, printer unplugged); the reason is for the operator.
    case held(PrinterHold)
}

/// Why a print job is held.
public enum PrinterHold: String, Sendable, Equatable {
    case paperOut = "paper-out"
    case coverOpen = "cover-open"
    case offline

    /// The reason a printer reporting `status` cannot print, as the operator is told it.
    public init(_ status: PrinterStatus) {
        self = status.isPaperOut ? .paperOut : status.isCoverOpen ? .coverOpen : .offline
    }
}

/// A receipt printer that answers at once (the simulated one): takes ESC/POS bytes, reports whether they
/// printed. A USB printer has its own asynchronous worker (``USBPrinterWorker``).
public protocol ReceiptPrinterPort: AnyObject {
    func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome
}

/// A cash drawer that opens at once (the simulated one).
public protocol CashDrawerPort: AnyObject {
    func kick(nowMs: Int64)
}

/// The operator's display: one line of text at a time.
public protocol OperatorDisplayPort: AnyObject {
    func show(_ text: String, nowMs: Int64)
}

/// The workers and the display of one station.
public struct StationPorts {
    /// Carries out every committed effect (see ``StationWorkers``).
    public var workers: any EffectWorker
    public var display: any OperatorDisplayPort

    public init(workers: any EffectWorker, display: any OperatorDisplayPort) {
        self.workers = workers
        self.display = display
    }
}
