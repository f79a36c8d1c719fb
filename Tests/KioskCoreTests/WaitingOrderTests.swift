import KioskCore
import Testing

/// The table holds the counter's work; paid orders waiting for their goods or the printer, and final
/// ones, give their slots up and come back with `orderLoaded` when an event names them.
@Suite("Orders waiting outside the table")
struct WaitingOrderTests {
    static let eight = try! CoreLimits(maxOpenOrders: 8, maxLinesPerOrder: 16, maxPendingPayments: 8, maxCreditAccounts: 4)

    /// An assisted order paid in cash, its receipt printed: waiting for the goods.
    static func assistedWaiting(_ counter: inout Counter) -> OrderID {
        counter.accept(.newAssistedOrder(Counter.villager), Counter.scan(1_000), .total, .tenderCash(fen: 1_000),
                       .receiptConfirmed)
        return counter.machine.currentOrderID!
    }

    @Test("500 assisted orders waiting for their goods leave the counter free, and each is loaded back to be picked up")
    func waitingAssistedOrdersDoNotStopTheCounter() throws {
        var counter = Counter(limits: Self.eight)
        var waiting: [LoadedOrder] = []
        for _ in 0 ..< 500 {
            _ = Self.assistedWaiting(&counter)
            waiting.append(LoadedOrder(counter.current!))
        }
        counter.accept(.newOrder, Counter.scan(250), .total, .tenderCash(fen: 300), .receiptConfirmed)
        #expect(counter.current?.phase == .closed)
        #expect(counter.current?.changeFen == 50)

        let stored = waiting[0]
        let oldest = stored.id
        #expect(stored.phase == .awaitingFulfilment)
        #expect(counter.machine.order(oldest) == nil, "the oldest waiting order left the table")
        #expect(counter.apply(.fulfilmentOrdered(oldest)) == .refused(Refusal(.orderNotFound, detail: Int64(oldest))))
        counter.accept(.orderLoaded(stored), .fulfilmentOrdered(oldest), .fulfilmentArrived(oldest),
                       .pickedUp(oldest, pickupCode: stored.pickupCode))
        #expect(counter.machine.order(oldest)?.phase == .closed)
    }

    @Test("an order paid long ago is loaded, voided and refunded by the method it was paid with")
    func oldOrderVoided() throws {
        var counter = Counter(limits: Self.eight)
        counter.accept(.openCreditAccount(3, limitFen: 10_000))
        counter.accept(.newOrder, Counter.scan(700), .total, .tenderCredit(3), .receiptConfirmed)
        let old = counter.machine.currentOrderID!
        let record = LoadedOrder(counter.current!)
        for _ in 0 ..< 40 { counter.accept(.newOrder, Counter.scan(100), .total, .tenderCash(fen: 100), .receiptConfirmed) }
        #expect(counter.machine.order(old) == nil)
        #expect(counter.machine.creditAccount(3)?.balanceFen == 700)

        counter.accept(.orderLoaded(record), .selectOrder(old), .authorise(Authorisation(role: .supervisor, staffID: 2)),
                       .voidOrder)
        #expect(counter.current?.phase == .voided)
        #expect(counter.effects.contains(.refund(Refund(orderID: old, method: .stationCredit, amountFen: 700, paymentKey: nil))))
        #expect(counter.machine.creditAccount(3)?.balanceFen == 0)
        #expect(counter.apply(.orderLoaded(record)) == .refused(Refusal(.orderAlreadyInTable, detail: Int64(old))))
    }

    @Test("a table full of counter work refuses a new order and a load, naming the work; a record that does not add up is refused")
    func fullOfCounterWork() throws {
        var counter = Counter(limits: Self.eight)
        counter.accept(.newOrder, Counter.scan(100), .total, .tenderCash(fen: 100), .receiptConfirmed)
        let closed = LoadedOrder(counter.current!)
        for _ in 0 ..< 8 { counter.accept(.newOrder, Counter.scan(100)) }
        let full = Refusal(.tooManyOpenOrders, detail: 8)
        #expect(counter.apply(.newOrder) == .refused(full))
        #expect(counter.apply(.orderLoaded(closed)) == .refused(full))
        #expect(OperatorMessage.refused(full).text(in: .zhHans) == "正在收银的订单已满 8 单：请先收完款或取消一单")

        counter.accept(.cancelOrder)
        var owing = closed
        owing.phase = .paid
        owing.cashTenderedFen = 50
        #expect(counter.apply(.orderLoaded(owing)) == .refused(Refusal(.orderNotLoadable, detail: Int64(closed.id))))
        var working = closed
        working.phase = .totalled
        #expect(counter.apply(.orderLoaded(working)) == .refused(Refusal(.orderNotLoadable, detail: Int64(closed.id))))
        counter.accept(.orderLoaded(closed))
        #expect(counter.machine.order(closed.id)?.linesStored == true)
        #expect(counter.machine.lines(of: closed.id).isEmpty)
    }

    @Test("a paid order whose receipt waits gives its slot up; the receipt, printed later, closes it once loaded")
    func receiptWaitingOutsideTheTable() throws {
        var counter = Counter(limits: Self.eight)
        var paid: [LoadedOrder] = []
        for _ in 0 ..< 20 {
            counter.accept(.newOrder, Counter.scan(100), .total, .tenderCash(fen: 100))
            paid.append(LoadedOrder(counter.current!))
        }
        #expect(counter.machine.order(paid[0].id) == nil)
        for order in paid {
            if counter.machine.order(order.id) == nil { counter.accept(.orderLoaded(order)) }
            counter.accept(.receiptPrinted(order.id))
            #expect(counter.machine.order(order.id)?.phase == .closed)
            #expect(counter.apply(.receiptPrinted(order.id)) == .refused(Refusal(.orderFinished)))
        }
    }
}
