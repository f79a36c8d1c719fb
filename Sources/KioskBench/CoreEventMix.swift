import KioskCore

/// A day at the counter, as events: mostly cash sales, payment-code sales (some timing out and
/// being queried or reversed), payment QRs (扫码付; some given up, closed, then paid in cash), station credit, bills (缴费) on orders of their own, cancels, line edits,
/// keypad quantities, and some operator mistakes the machine refuses. Generated against a live machine so payment keys
/// are the real ones; replayed into a fresh machine it behaves identically.
struct CoreEventMix {
    private var random: SplitMix64
    private var now: Int64 = 1_700_000_000_000
    private let machine: KioskMachine
    private(set) var events: [CoreEvent] = []
    private var bills: UInt32 = 0

    static let paymentCode = PaymentCode(digits: "281234567890123456")!
    static let barcodes = ["6901234567892", "4006381333931", "73513537", "036000291452"].map { FixedBytes32(utf8: $0)! }
    static let creditAccount: CreditAccountID = 1

    init(limits: CoreLimits, count: Int, seed: UInt64) {
        random = SplitMix64(seed: seed)
        machine = KioskMachine(limits: limits)
        events.reserveCapacity(count + 64)
        add(.openCreditAccount(Self.creditAccount, limitFen: Int64.max / 4))
        while events.count < count { addSale() }
    }

    private mutating func next(_ bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }

    private mutating func add(_ action: CoreAction) {
        now += 700
        let event = CoreEvent(timeMs: now, action)
        machine.apply(event)
        events.append(event)
    }

    /// A bill paid at the counter: its line alone on the order, cash or code.
    private mutating func addBill() {
        bills += 1
        add(.command(.newOrder))
        add(.billLine(BillLine(billID: bills, amountFen: Int64(1_000 + next(50_000)))))
        add(.command(.total))
        if next(2) == 0 { payCash() } else { payByCode() }
        add(.command(.confirmReceipt))
    }

    private var currentKey: PaymentKey {
        let id = machine.currentOrderID!
        return PaymentKey(orderID: id, attempt: machine.order(id)!.paymentAttempts)
    }

    private mutating func addSale() {
        if next(50) == 0 {
            addBill()
            return
        }
        add(.command(.newOrder))
        for _ in 0 ..< 2 + next(7) { addLine() }
        if next(10) == 0 { add(.removeLastLine) }
        if next(20) == 0 {
            add(.cancelOrder)
            return
        }
        add(.command(.total))
        switch next(100) {
        case 0 ..< 60: payCash()
        case 60 ..< 85: payByCode()
        case 85 ..< 90: payByQR()
        case 90 ..< 95: add(.tenderCredit(Self.creditAccount))
        default:
            add(.tenderCash(fen: 100))
            payByCode()
        }
        if next(50) == 0 { add(.voidLine(1)) }
        add(.command(.confirmReceipt))
    }

    private mutating func addLine() {
        if next(5) == 0 { add(.key(.digit(UInt8(2 + next(3))))) }
        let price = Int64(50 + next(3000))
        add(.productScanned(ProductScan(
            barcode: Self.barcodes[next(Self.barcodes.count)], unitPriceFen: price, catalogRef: Int64(next(500))
        )))
        if next(15) == 0 {
            add(.key(.digit(3)))
            add(.command(.quantity))
        }
    }

    private mutating func payCash() {
        add(.key(.digit(UInt8(1 + next(9)))))
        add(.key(.digit(0)))
        add(.key(.digit(0)))
        add(.command(.payCash))
        if machine.order(machine.currentOrderID!)!.phase != .paid { add(.command(.payCash)) }
    }

    /// The customer scans the station's QR: mostly paid; one in four walks away, and the QR is closed.
    private mutating func payByQR() {
        add(.command(next(2) == 0 ? .presentWeChatQR : .presentAlipayQR))
        let key = currentKey
        if next(4) == 0 {
            add(.command(.cancel))
            add(.paymentQueried(key, .notPaid))
            payCash()
        } else {
            add(.paymentAnswered(key, .approved))
        }
    }

    private mutating func payByCode() {
        add(.tenderCode(Self.paymentCode))
        let key = currentKey
        switch next(20) {
        case 0:
            add(.paymentTimedOut(key))
            add(.paymentQueried(key, .paid))
        case 1:
            add(.paymentTimedOut(key))
            add(.paymentQueried(key, .unknown))
            add(.paymentReversed(key))
            payCash()
        case 2:
            add(.paymentAnswered(key, .declined))
            payCash()
        default:
            add(.paymentAnswered(key, .approved))
            add(.paymentAnswered(key, .approved))
        }
    }
}
