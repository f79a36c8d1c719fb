import KioskCore
import KioskSimulation

/// The payment gateway of the simulation: scripted answers, idempotency keys remembered, books kept
/// in a ledger file that survives the kiosk's power cuts.
public final class SimulatedGatewayPort: PaymentGatewayPort {
    public private(set) var gateway: SimulatedPaymentGateway
    private let ledger: GatewayLedger
    /// Charges that answered with a system error: the acquirer cannot say what became of them, so a
    /// query answers "unknown" and the kiosk must reverse.
    private var unsettledKeys: Set<String> = []
    /// Set by a fault: the gateway cannot be reached (charges time out, queries go unanswered).
    public var isUnreachable = false

    public init(ledgerPath: String?) throws {
        var gateway = SimulatedPaymentGateway()
        ledger = try GatewayLedger(path: ledgerPath, replayingInto: &gateway)
        self.gateway = gateway
    }

    /// How the gateway answers the next new charge.
    public func enqueue(_ answer: GatewayAnswer) {
        gateway.enqueue(answer)
    }

    public func charge(key: String, code: PaymentCode, amountFen: Int64, nowMs: Int64) -> ChargeReply {
        guard !isUnreachable else { return .noAnswer }
        let isNewKey = !gateway.hasSettled(key: key)
        let response = gateway.charge(key: key, amountFen: amountFen, nowMs: nowMs)
        if isNewKey {
            ledger.recordCharge(key: key, amountFen: amountFen, outcome: Self.outcome(of: response))
        }
        switch response.reply {
        case .approved: return .answered(.approved, atMs: response.arrivesAtMs ?? nowMs)
        case .declined: return .answered(.declined, atMs: response.arrivesAtMs ?? nowMs)
        case .error:
            unsettledKeys.insert(key)
            return .answered(.error, atMs: response.arrivesAtMs ?? nowMs)
        case .noAnswer: return .noAnswer
        }
    }

    public func query(key: String, nowMs: Int64) -> PaymentQueryAnswer? {
        guard !isUnreachable else { return nil }
        if unsettledKeys.contains(key) { return .unknown }
        switch gateway.query(key: key) {
        case .paid: return .paid
        case .notPaid: return .notPaid
        }
    }

    public func reverse(key: String, nowMs: Int64) -> Bool {
        guard !isUnreachable else { return false }
        unsettledKeys.remove(key)
        if case .refunded = gateway.reverse(key: key) {
            ledger.recordReversal(key: key)
        }
        return true
    }

    public func refund(key: String, amountFen: Int64, nowMs: Int64) -> Bool {
        reverse(key: key, nowMs: nowMs)
    }

    private static func outcome(of response: SimulatedPaymentGateway.Response) -> GatewayAnswer.Outcome {
        switch response.reply {
        case .approved: .approve
        case .declined: .decline
        case .error: .error
        case .noAnswer: .timeout
        }
    }
}

/// The simulation's receipt printer: the real ESC/POS bytes go into a printer that interprets them,
/// answers the status request sent after each job, and can run out of paper or be unplugged.
public final class SimulatedPrinterPort: ReceiptPrinterPort {
    public private(set) var printer: SimulatedPrinter
    /// Called with each receipt that came out, in order (the session renders it to files).
    var onPrinted: ((ESCPOSReceipt, Int) -> Void)?

    public init(paperWidthDots: Int) {
        printer = SimulatedPrinter(paperWidthDots: paperWidthDots)
    }

    public func update(_ change: (inout SimulatedPrinterState) -> Void) {
        printer.update(change)
    }

    public func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome {
        let state = printer.state
        guard state.online else { return .held(.offline) }
        guard !state.paperOut else { return .held(.paperOut) }
        guard !state.coverOpen else { return .held(.coverOpen) }
        let before = printer.printedCount
        let replies = printer.receive(bytes + Self.statusRequestAfterJob)
        guard !replies.isEmpty else { return .held(.offline) }
        let printedNow = printer.recentReceipts.suffix(printer.printedCount - before)
        precondition(before + printedNow.count == printer.printedCount, "one job printed more receipts than the printer keeps")
        for (offset, receipt) in printedNow.enumerated() {
            onPrinted?(receipt, before + offset + 1)
        }
        return .confirmed
    }

    /// `GS r 1`: the printer answers only once the bytes before it are done, so an answer confirms the job.
    static let statusRequestAfterJob: [UInt8] = [0x1D, 0x72, 0x01]
}

/// The cash drawer: counts its kicks.
public final class SimulatedDrawerPort: CashDrawerPort {
    public private(set) var kicks = 0

    public init() {}

    public func kick(nowMs: Int64) {
        kicks += 1
    }
}

/// The operator's display: remembers what it showed, and echoes it when asked to.
public final class SimulatedDisplayPort: OperatorDisplayPort {
    public private(set) var messages: [String] = []
    private let echo: ((String) -> Void)?
    /// Messages kept for the report; older ones are dropped.
    static let keptMessages = 256

    public init(echo: ((String) -> Void)? = nil) {
        self.echo = echo
    }

    public func show(_ text: String, nowMs: Int64) {
        if messages.count == Self.keptMessages { messages.removeFirst() }
        messages.append(text)
        echo?(text)
    }
}
