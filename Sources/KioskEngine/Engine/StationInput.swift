import KioskCore
import KioskDevices

/// One thing that happened at the counter or came back from a worker, before the engine turns it into
/// core events.
public enum StationInput: Sendable, Equatable {
    /// A scanner read, decoded and filtered by the scanner's decoder: a product, a payment code or a
    /// command barcode.
    case scan(ScannedCode)
    /// A read the scanner's decoder dropped (line noise, too long, half a report), and why.
    case scanDropped(reason: String)
    /// A keypad key by its name on the board (`KP_5`, `F1`, `KP_Enter`…), or a digit `0`…`9`.
    case key(String)
    /// Cash handed over, in fen.
    case cash(fen: Int64)
    /// A core action given directly (the shell, tests, scenario steps, a gateway's answer).
    case action(CoreAction)
    /// The printer came back (paper in, cover closed, plugged in): print what is held.
    case printerReady
    /// The printer confirmed print job `jobID`.
    case printed(jobID: Int64)
    /// The printer held print job `jobID` (paper out, cover open, offline); it prints when the printer is ready.
    case printHeld(jobID: Int64, PrinterHold)
    /// The effect committed as outbox row `outboxKey` was carried out.
    case effectDone(outboxKey: String)
    /// A worker could not carry `work` out (the acquirer unreachable): the engine tries again later.
    case workFailed(WorkItem)
    /// Something for the bills service: a biller's answer, a query due, a counter order of a bill changed.
    case bill(BillInput)
    /// Something for the produce desk's account payouts: a payee's answer, a query due.
    case payout(ProducePayoutInput)
    /// Something for the day's close: the acquirer's answer about a statement mismatch.
    case day(DayInput)
    /// The provider's QR for payment `key` (扫码付): its text, shown on the customer display while the
    /// payment is pending.
    case qrPresented(PaymentKey, text: String)
    /// Time to ask the provider whether the customer paid the QR of payment `key`.
    case qrPollDue(PaymentKey)
}

extension StationInput {
    /// A scan or a key: what the operator does, as opposed to a worker's report.
    public var isOperatorEntry: Bool {
        switch self {
        case .scan, .key: true
        default: false
        }
    }
}

/// A code the scanner read: its content (without AIM identifier or terminator) and its symbology.
public struct ScannedCode: Sendable, Equatable {
    public var content: [UInt8]
    public var symbology: ScanSymbology

    public init(content: [UInt8], symbology: ScanSymbology = .unknown) {
        self.content = content
        self.symbology = symbology
    }

    /// The code of a decoder's read.
    public init(_ event: ScanEvent) {
        self.init(content: Array(event.text.utf8), symbology: event.symbology?.scanSymbology ?? .unknown)
    }
}

/// A payment QR (扫码付) as the provider gave it, for the customer display.
public struct PresentedQR: Sendable, Equatable {
    /// The payment it belongs to.
    public var key: PaymentKey
    /// The provider the customer pays with (WeChat Pay or Alipay).
    public var scheme: PaymentScheme
    /// What the customer pays, fen.
    public var amountFen: Int64
    /// The QR's text, as the provider gave it.
    public var text: String
}
