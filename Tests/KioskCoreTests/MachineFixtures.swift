import KioskCore
import Testing

/// Builds machines in named states through real events, and checks outcomes.
struct Counter {
    let machine: KioskMachine
    var now: Int64 = 1_700_000_000_000

    init(limits: CoreLimits = .standard) {
        machine = KioskMachine(limits: limits)
    }

    static let wechat = PaymentCode(digits: "134567890123456789")!
    static let creditAccount: CreditAccountID = 7

    static func scan(_ priceFen: Int64, quantity: Int32 = 1, code: String = "6901234567892") -> CoreAction {
        .productScanned(ProductScan(barcode: FixedBytes32(utf8: code)!, unitPriceFen: priceFen, catalogRef: 1, quantity: quantity))
    }

    static let villager = AssistedOrderRequest(
        villagerName: FixedBytes64(utf8: "王小明")!, phone: FixedBytes16(utf8: "13800138000")!, pickupSeed: 99
    )

    /// Applies `action` a second after the last one.
    @discardableResult
    mutating func apply(_ action: CoreAction) -> CoreOutcome {
        now += 1000
        return machine.apply(CoreEvent(timeMs: now, action))
    }

    /// Applies `actions`, each of which must be accepted.
    mutating func accept(_ actions: CoreAction..., sourceLocation: SourceLocation = #_sourceLocation) {
        for action in actions {
            let outcome = apply(action)
            #expect(outcome == .accepted, "\(action) → \(outcome)", sourceLocation: sourceLocation)
        }
    }

    var current: Order? { machine.currentOrderID.flatMap(machine.order) }

    var effects: [CoreEffect] { Array(machine.effects) }

    /// The key of the charge in flight for the current order.
    var pendingKey: PaymentKey {
        PaymentKey(orderID: machine.currentOrderID ?? 999, attempt: current?.paymentAttempts ?? 1)
    }
}

/// Named states of the current order, each reached by real events.
enum CounterState: String, CaseIterable, CustomStringConvertible {
    case noOrder, openEmpty, open, totalled, partCash, paying, querying, reversing, paid, closed, cancelled,
         voided, awaitingFulfilment, ordered, arrived

    var description: String { rawValue }

    func counter() -> Counter {
        var counter = Counter()
        counter.accept(.openCreditAccount(Counter.creditAccount, limitFen: 100_000))
        switch self {
        case .noOrder: break
        case .openEmpty: counter.accept(.newOrder)
        case .open: counter.accept(.newOrder, Counter.scan(500, quantity: 2))
        case .totalled: counter.accept(.newOrder, Counter.scan(500, quantity: 2), .total)
        case .partCash: counter.accept(.newOrder, Counter.scan(500, quantity: 2), .total, .tenderCash(fen: 300))
        case .paying: counter.accept(.newOrder, Counter.scan(500, quantity: 2), .total, .tenderCode(Counter.wechat))
        case .querying:
            counter = CounterState.paying.counter()
            counter.accept(.paymentTimedOut(counter.pendingKey))
        case .reversing:
            counter = CounterState.querying.counter()
            counter.accept(.paymentQueried(counter.pendingKey, .unknown))
        case .paid: counter.accept(.newOrder, Counter.scan(500, quantity: 2), .total, .tenderCash(fen: 1000))
        case .closed:
            counter = CounterState.paid.counter()
            counter.accept(.receiptConfirmed)
        case .cancelled: counter.accept(.newOrder, Counter.scan(500, quantity: 2), .cancelOrder)
        case .voided:
            counter = CounterState.paid.counter()
            counter.accept(.authorise(Authorisation(role: .supervisor, staffID: 3)), .voidOrder)
        case .awaitingFulfilment:
            counter.accept(
                .newAssistedOrder(Counter.villager), Counter.scan(500, quantity: 2), .total, .tenderCash(fen: 1000),
                .receiptConfirmed
            )
        case .ordered:
            counter = CounterState.awaitingFulfilment.counter()
            counter.accept(.fulfilmentOrdered(counter.machine.currentOrderID!))
        case .arrived:
            counter = CounterState.ordered.counter()
            counter.accept(.fulfilmentArrived(counter.machine.currentOrderID!))
        }
        return counter
    }
}
