import Testing
@testable import KioskCore

@Suite("A parcel's cash on delivery and fee on a counter order: its own order, cash or code, never credit or a void")
struct ParcelChargeLineTests {
    @Test("the charge is the order's one line, paid in cash or by code, split included; the day counts it on its own line")
    func paidLikeASale() {
        var counter = Counter()
        var tally = DayTally(ordersAtStart: [])
        for action in [CoreAction.newOrder, .parcelChargeLine(parcelID: 12, fen: 3_600), .tenderCash(fen: 1_000),
                       .tenderCode(Counter.wechat)] {
            #expect(counter.apply(action) == .accepted)
            tally.observe(action, order: counter.current, effects: counter.machine.effects)
        }
        let id = counter.machine.currentOrderID!
        #expect(counter.machine.lines(of: id).map(\.barcode.text) == ["PARCEL-12"])
        #expect(counter.current?.kind == .parcelCharge)
        let approve = CoreAction.paymentAnswered(counter.pendingKey, .approved)
        #expect(counter.apply(approve) == .accepted)
        tally.observe(approve, order: counter.current, effects: counter.machine.effects)
        #expect(counter.current?.phase == .paid && counter.current?.codePaidFen == 2_600)
        let figures = tally.figures(openOrders: [], services: [])
        #expect(figures.services.first { $0.service == "parcel_charges" }?.sales == TallyLine(count: 1, fen: 3_600))
        #expect(figures.services.first { $0.service == "counter" }?.sales.count == 0)
        #expect(figures[.cash].fen == 1_000 && figures[.wechat].fen == 2_600)
    }

    @Test("no goods beside it, no credit, no void, nothing of nothing")
    func refusals() {
        var counter = Counter()
        counter.accept(.openCreditAccount(Counter.creditAccount, limitFen: 100_000), .newOrder)
        #expect(counter.apply(.parcelChargeLine(parcelID: 12, fen: 0)) == .refused(Refusal(.invalidAmount, detail: 0)))
        counter.accept(.parcelChargeLine(parcelID: 12, fen: 3_600))
        #expect(counter.apply(Counter.scan(300)) == .refused(Refusal(.parcelChargeOnItsOwnOrder)))
        #expect(counter.apply(.setQuantity(2)) == .refused(Refusal(.parcelChargeOnItsOwnOrder)))
        #expect(counter.apply(.tenderCredit(Counter.creditAccount)) == .refused(Refusal(.parcelChargeNotOnCredit)))
        counter.accept(.tenderCash(fen: 5_000), .receiptConfirmed, .authorise(Authorisation(role: .supervisor, staffID: 1)))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.parcelChargeNotVoidable)))

        var goods = Counter()
        goods.accept(.newOrder, Counter.scan(300))
        #expect(goods.apply(.parcelChargeLine(parcelID: 12, fen: 100)) == .refused(Refusal(.parcelChargeOnItsOwnOrder)))
    }
}
