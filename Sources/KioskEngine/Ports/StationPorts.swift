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
    /// Asks `scheme`'s provider for a QR the customer scans to pay `amountFen` (扫码付) under `key`; nil
    /// when the provider cannot be reached. Asking again under the same key gives the same order.
    func presentQR(key: String, scheme: PaymentScheme, amountFen: Int64, nowMs: Int64) -> QRPresentation?
    /// Whether the customer paid the QR under `key`; nil when the provider cannot be reached.
    func pollQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState?
    /// Closes the QR under `key` so that nobody can pay it any more, then says what became of it: paid
    /// (the customer paid first) or closed; nil when the provider cannot be reached or it did not close.
    func closeQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState?
}

/// What a provider said when asked for a payment QR.
public enum QRPresentation: Sendable, Equatable {
    /// The QR's text (`weixin://wxpay/bizpayurl?pr=…`, `https://qr.alipay.com/…`), for an answer that
    /// arrives at `atMs` (the simulated provider may delay it).
    case shown(text: String, atMs: Int64)
    /// The provider refused the order: nothing can be paid under it.
    case refused
}

/// Where a payment QR's order stands at the provider.
public enum QRPaymentState: Sendable, Equatable {
    /// The customer paid.
    case paid
    /// Not paid yet, and still payable.
    case waiting
    /// Closed, expired or failed: nobody can pay it.
    case closed
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
