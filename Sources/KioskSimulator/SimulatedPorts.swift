import KioskEngine
import KioskCore
import KioskDevices
import KioskSimulation

/// The payment gateway of the simulation: scripted answers, idempotency keys remembered, books kept
/// in a ledger file that survives the kiosk's power cuts.
public final class SimulatedGatewayPort: PaymentGatewayPort, StatementMismatchQueries {
    public private(set) var gateway: SimulatedPaymentGateway
    private let ledger: GatewayLedger
    /// Charges that answered with a system error: the acquirer cannot say what became of them, so a
    /// query answers "unknown" and the kiosk must reverse.
    private var unsettledKeys: Set<String> = []
    /// Set by a fault: the gateway cannot be reached (charges time out, queries go unanswered).
    public var isUnreachable = false
    /// The payment codes charged lately, oldest first, and the key each was charged under: a wallet's code
    /// is good for one charge, so it is refused under any other key. Bounded: a real code expires within
    /// a minute, long before this many customers have paid.
    private var recentCodes: [(code: String, key: String)] = []
    private var recentKeyOfCode: [String: String] = [:]
    static let rememberedCodes = 1_024
    /// Payment QRs shown and not yet paid or closed: what each asks, and when the simulated customer pays
    /// it (nil: never). Lost with a power cut, like a QR nobody scanned: it is then closed unpaid.
    private var openQRs: [String: (amountFen: Int64, wallet: String, paysAtMs: Int64?)] = [:]
    /// How long a simulated customer takes to open the wallet and scan a QR, on top of the scripted answer's delay.
    public static let qrScanDelayMs: Int64 = 6_000

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
        let digits = code.digits.text
        if let chargedUnder = recentKeyOfCode[digits], chargedUnder != key {
            // The wallet refuses a code it has already taken a payment with (付款码已使用).
            return .answered(.declined, atMs: nowMs)
        }
        remember(code: digits, chargedUnder: key)
        let isNewKey = !gateway.hasSettled(key: key)
        let response = gateway.charge(key: key, amountFen: amountFen, nowMs: nowMs)
        if isNewKey {
            ledger.recordCharge(key: key, amountFen: amountFen, outcome: Self.outcome(of: response),
                                wallet: Self.wallet(code.scheme), atMs: nowMs)
        }
        let arrivesAtMs = response.arrivesAtMs ?? nowMs
        switch Self.outcome(of: response) {
        case .approve: return .answered(.approved, atMs: arrivesAtMs)
        case .decline: return .answered(.declined, atMs: arrivesAtMs)
        case .error:
            unsettledKeys.insert(key)
            return .answered(.error, atMs: arrivesAtMs)
        case .timeout: return .noAnswer
        }
    }

    /// The wallet's name, as the station's payments name it (`wechat`, `alipay`, `unionpay`).
    static func wallet(_ scheme: PaymentScheme) -> String {
        switch scheme {
        case .wechat: "wechat"
        case .alipay: "alipay"
        case .unionPay: "unionpay"
        }
    }

    /// The statement `provider` publishes for Beijing business day `businessDate`, as the file's bytes:
    /// WeChat's in UTF-8, Alipay's in GBK (written as GB18030, which agrees with GBK on its characters).
    public func statementFile(provider: ProviderStatement.Provider, businessDate: UInt32) -> [UInt8] {
        let startMs = DayCloseService.startMs(of: businessDate)
        let payments = ledger.statement(wallet: provider.rawValue, fromMs: startMs, toMs: startMs + 86_400_000)
        let text = ProviderStatement.write(payments, provider: provider, merchantID: "1900000109")
        switch provider {
        case .wechat: return Array(text.utf8)
        case .alipay: return GB18030.encode(text) ?? []
        }
    }

    private func remember(code: String, chargedUnder key: String) {
        guard recentKeyOfCode[code] == nil else { return }
        if recentCodes.count == Self.rememberedCodes {
            recentKeyOfCode[recentCodes.removeFirst().code] = nil
        }
        recentCodes.append((code, key))
        recentKeyOfCode[code] = key
    }

    public func query(key: String, nowMs: Int64) -> PaymentQueryAnswer? {
        guard !isUnreachable else { return nil }
        if unsettledKeys.contains(key) { return .unknown }
        switch gateway.query(key: key) {
        case .paid: return .paid
        case .notPaid: return .notPaid
        }
    }

    /// The simulated gateway plays both providers, and publishes both their statements.
    public var statementProviders: Set<ProviderStatement.Provider> { [.wechat, .alipay] }

    public func queryMismatch(merchantOrderNo: String, provider: ProviderStatement.Provider) -> PaymentQueryAnswer? {
        query(key: merchantOrderNo, nowMs: 0)
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

    /// The customer's QR: its text names the key. The script's next answer says what the customer does:
    /// approve pays it ``qrScanDelayMs`` plus the answer's delay later; decline never pays; error and
    /// timeout leave the provider silent (no QR).
    public func presentQR(key: String, scheme: PaymentScheme, amountFen: Int64, nowMs: Int64) -> QRPresentation? {
        guard !isUnreachable else { return nil }
        let url = "https://qr.sim.kiosk/\(Self.wallet(scheme))/\(key)"
        if gateway.hasSettled(key: key) || openQRs[key] != nil { return .shown(text: url, atMs: nowMs) }
        let answer = gateway.takeAnswer()
        switch answer.outcome {
        case .approve: openQRs[key] = (amountFen, Self.wallet(scheme), nowMs + Self.qrScanDelayMs + answer.afterMs)
        case .decline: openQRs[key] = (amountFen, Self.wallet(scheme), nil)
        case .error, .timeout: return nil
        }
        return .shown(text: url, atMs: nowMs)
    }

    public func pollQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        guard !isUnreachable else { return nil }
        return qrState(key: key, nowMs: nowMs)
    }

    public func closeQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        guard !isUnreachable else { return nil }
        let state = qrState(key: key, nowMs: nowMs)
        openQRs[key] = nil
        return state == .waiting ? .closed : state
    }

    /// Where the QR under `key` stands at `nowMs`; a customer whose time to pay has come pays now, and the
    /// payment is settled and recorded like a charge.
    private func qrState(key: String, nowMs: Int64) -> QRPaymentState {
        if gateway.hasSettled(key: key) {
            if case .paid = gateway.query(key: key) { return .paid }
            return .closed
        }
        guard let open = openQRs[key] else { return .closed }
        guard let paysAtMs = open.paysAtMs, paysAtMs <= nowMs else { return .waiting }
        openQRs[key] = nil
        gateway.replayCharge(key: key, amountFen: open.amountFen, outcome: .approve)
        ledger.recordCharge(key: key, amountFen: open.amountFen, outcome: .approve, wallet: open.wallet, atMs: paysAtMs)
        return .paid
    }

    /// Never inlined: a switch on the reply inlined into `charge` crashes Swift 6.3.1's ownership verifier
    /// in release builds ("Found ownership error?!"), so `charge` reads the reply only through this.
    @inline(never)
    private static func outcome(of response: SimulatedPaymentGateway.Response) -> GatewayAnswer.Outcome {
        switch response.reply {
        case .approved: .approve
        case .declined: .decline
        case .error: .error
        case .noAnswer: .timeout
        }
    }
}

/// The simulation's receipt printer behind the same byte seam as a USB one: each job runs the same
/// ``PrintConversation`` a USB printer does (`DLE EOT 1…4`, the job, `GS r 1`), and the simulated printer
/// answers every request from its paper, cover and online state, so status handling and confirmation
/// are the USB path's own.
public final class SimulatedPrinterPort: ReceiptPrinterPort {
    public private(set) var printer: SimulatedPrinter
    /// Called with each receipt that came out, in order (the session renders it to files).
    var onPrinted: ((ESCPOSReceipt, Int) -> Void)?
    /// Whether the board's printer sends automatic status back: switched on before the first job, as a
    /// USB printer is when it connects.
    private let automaticStatusBack: Bool
    private var configured = false

    public init(paperWidthDots: Int, automaticStatusBack: Bool = false) {
        printer = SimulatedPrinter(paperWidthDots: paperWidthDots)
        self.automaticStatusBack = automaticStatusBack
    }

    public func update(_ change: (inout SimulatedPrinterState) -> Void) {
        printer.update(change)
    }

    public func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome {
        let before = printer.printedCount
        var conversation = PrintConversation(printing: bytes)
        if automaticStatusBack, !configured, printer.state.online {
            var encoder = ESCPOSEncoder(capacity: 3)
            encoder.setAutomaticStatusBack(true)
            conversation.receive(printer.receive(encoder.bytes))
            configured = true
        }
        while conversation.outcome == nil {
            if let output = conversation.nextOutput() {
                let replies = printer.receive(output)
                if !replies.isEmpty { conversation.receive(replies) }
            } else {
                // Everything the printer had to say came with the bytes that asked: silence now is no reply.
                conversation.noReply()
            }
        }
        let printedNow = printer.recentReceipts.suffix(printer.printedCount - before)
        precondition(before + printedNow.count == printer.printedCount, "one job printed more receipts than the printer keeps")
        for (offset, receipt) in printedNow.enumerated() {
            onPrinted?(receipt, before + offset + 1)
        }
        switch conversation.outcome {
        case .printed: return .confirmed
        case .held(let status), .status(let status): return .held(PrinterHold(status))
        case nil: return .held(.offline)
        }
    }
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
