import Testing
@testable import KioskCore

/// Folds every accepted event of `counter` into a day's tally, as the day's replay does.
private func tallied(_ counter: inout Counter, _ tally: inout DayTally, _ actions: CoreAction...,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    for action in actions {
        #expect(counter.apply(action) == .accepted, "\(action)", sourceLocation: sourceLocation)
        var touched: Order?
        for case .persist(let id?) in counter.machine.effects { touched = counter.machine.order(id) }
        tally.observe(action, order: touched, effects: counter.machine.effects)
    }
}

@Suite("Credit repaid by payment code: an order of its own, the balance lowered once the code is approved")
struct CreditRepaymentLineTests {
    static let account = Counter.creditAccount

    /// A counter whose account owes 20.00.
    static func owing() -> Counter {
        var counter = Counter()
        counter.accept(.openCreditAccount(account, limitFen: 5_000), .newOrder, Counter.scan(2_000), .tenderCredit(account))
        return counter
    }

    @Test("the repayment is the order's one line, charged by code; owed falls in the event that approves it")
    func repaidOnApproval() {
        var counter = Self.owing()
        counter.accept(.newOrder, .creditRepaymentLine(Self.account, fen: 1_200))
        let id = counter.machine.currentOrderID!
        #expect(counter.current?.kind == .creditRepayment && counter.current?.totalFen == 1_200)
        #expect(counter.machine.lines(of: id).map(\.barcode.text) == ["REPAY-7"])
        counter.accept(.tenderCode(Counter.wechat))
        #expect(counter.effects.contains { if case .requestPayment(let request) = $0 { request.amountFen == 1_200 } else { false } })
        #expect(counter.machine.creditAccount(Self.account)?.balanceFen == 2_000)
        counter.accept(.paymentAnswered(counter.pendingKey, .approved))
        #expect(counter.machine.creditAccount(Self.account)?.balanceFen == 800)
        #expect(counter.current?.phase == .paid)
        #expect(counter.effects.contains(.printReceipt(id, .receipt)))
    }

    @Test("declined, queried not paid, or reversed: the account owes what it owed")
    func unpaidChangesNothing() {
        for ending in [[CoreAction.paymentAnswered(PaymentKey(orderID: 2, attempt: 1), .declined)],
                       [.paymentTimedOut(PaymentKey(orderID: 2, attempt: 1)),
                        .paymentQueried(PaymentKey(orderID: 2, attempt: 1), .notPaid)],
                       [.paymentTimedOut(PaymentKey(orderID: 2, attempt: 1)),
                        .paymentQueried(PaymentKey(orderID: 2, attempt: 1), .unknown),
                        .paymentReversed(PaymentKey(orderID: 2, attempt: 1))]] {
            var counter = Self.owing()
            counter.accept(.newOrder, .creditRepaymentLine(Self.account, fen: 2_000), .tenderCode(Counter.wechat))
            #expect(counter.machine.currentOrderID == 2)
            for action in ending { counter.accept(action) }
            #expect(counter.machine.creditAccount(Self.account)?.balanceFen == 2_000)
            #expect(counter.current?.phase == .totalled)
            counter.accept(.cancelOrder)
            #expect(counter.machine.creditAccount(Self.account)?.balanceFen == 2_000)
        }
    }

    @Test("never more than owed less the repayments under way; never by cash or credit; never voided; goods never beside it")
    func refusals() {
        var counter = Self.owing()
        counter.accept(.newOrder)
        #expect(counter.apply(.creditRepaymentLine(Self.account, fen: 2_001)) == .refused(Refusal(.repaymentOverOwed, detail: 2_000)))
        #expect(counter.apply(.creditRepaymentLine(99, fen: 1)) == .refused(Refusal(.unknownCreditAccount, detail: 99)))
        #expect(counter.apply(.creditRepaymentLine(Self.account, fen: 0)) == .refused(Refusal(.invalidAmount, detail: 0)))
        counter.accept(.creditRepaymentLine(Self.account, fen: 1_500))
        #expect(counter.apply(Counter.scan(300)) == .refused(Refusal(.repaymentOnItsOwnOrder)))
        #expect(counter.apply(.setQuantity(2)) == .refused(Refusal(.repaymentOnItsOwnOrder)))
        #expect(counter.apply(.tenderCash(fen: 1_500)) == .refused(Refusal(.repaymentByCodeOnly)))
        #expect(counter.apply(.tenderCredit(Self.account)) == .refused(Refusal(.repaymentByCodeOnly)))
        #expect(counter.apply(.billLine(BillLine(billID: 1, amountFen: 100))) == .refused(Refusal(.billOnItsOwnOrder)))

        // Beside the 15.00 under way, 5.00 is all that may be repaid, in cash or on another repayment order.
        #expect(counter.apply(.creditRepaid(Self.account, fen: 501)) == .refused(Refusal(.repaymentOverOwed, detail: 500)))
        counter.accept(.newOrder)
        #expect(counter.apply(.creditRepaymentLine(Self.account, fen: 501)) == .refused(Refusal(.repaymentOverOwed, detail: 500)))
        counter.accept(.cancelOrder)

        // Voiding the 20.00 credit sale would leave the account owing less than the 15.00 being repaid.
        counter.accept(.selectOrder(1), .authorise(Authorisation(role: .supervisor, staffID: 1)))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.repaymentUnderWay)))
        counter.accept(.selectOrder(2), .tenderCode(Counter.wechat))
        counter.accept(.paymentAnswered(counter.pendingKey, .approved), .receiptConfirmed)
        counter.accept(.authorise(Authorisation(role: .supervisor, staffID: 1)))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.repaymentNotVoidable)))
        #expect(counter.machine.creditAccount(Self.account)?.balanceFen == 500)

        var goods = Counter()
        goods.accept(.openCreditAccount(Self.account, limitFen: 5_000), .newOrder, Counter.scan(300))
        #expect(goods.apply(.creditRepaymentLine(Self.account, fen: 1)) == .refused(Refusal(.repaymentOnItsOwnOrder)))
    }

    @Test("the day's close counts it under its wallet and on a line of its own, never as a sale or as drawer cash")
    func dayTally() {
        var counter = Self.owing()
        var tally = DayTally(ordersAtStart: [])
        tallied(&counter, &tally, .newOrder, .creditRepaymentLine(Self.account, fen: 1_200), .tenderCode(Counter.wechat))
        tallied(&counter, &tally, .paymentAnswered(counter.pendingKey, .approved))
        let figures = tally.figures(openOrders: [], services: [])
        #expect(figures[.wechat].fen == 1_200)
        #expect(figures.services.first { $0.service == "credit_repaid" }?.sales == TallyLine(count: 1, fen: 1_200))
        #expect(figures.services.first { $0.service == "counter" }?.sales.count == 0)
        #expect(figures.creditRepaidFen == 0 && figures.cashTakenFen == 0)
    }
}
