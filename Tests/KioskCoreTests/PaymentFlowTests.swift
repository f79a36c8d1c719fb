import KioskCore
import Testing

@Suite("Payment flows")
struct PaymentFlowTests {
    @Test("cash: change is given, the drawer opens, the receipt prints")
    func cashWithChange() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(1250), Counter.scan(300, quantity: 2), .total, .tenderCash(fen: 2000))
        let order = counter.current!
        #expect(order.phase == .paid)
        #expect(order.totalFen == 1850)
        #expect(order.changeFen == 150)
        #expect(order.cashAppliedFen + order.changeFen == order.cashTenderedFen)
        #expect(counter.effects == [
            .persist(order.id), .openDrawer, .printReceipt(order.id, .receipt),
            .showMessage(.notice(.orderPaid, 150, 0)),
        ])
    }

    @Test("split tender: part cash, the rest by payment code with a masked record")
    func splitTender() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(1000), .total, .tenderCash(fen: 300))
        #expect(counter.effects.contains(.showMessage(.notice(.remainingDue, 700, 0))))
        counter.accept(.tenderCode(Counter.wechat))
        let id = counter.machine.currentOrderID!
        let key = PaymentKey(orderID: id, attempt: 1)
        #expect(counter.effects.contains(.requestPayment(PaymentRequest(key: key, code: Counter.wechat, amountFen: 700))))
        #expect(counter.machine.pendingPayment(key)?.maskedCode.text == "13****6789")
        counter.accept(.paymentAnswered(key, .approved))
        let order = counter.current!
        #expect(order.phase == .paid)
        #expect(order.cashAppliedFen == 300 && order.codePaidFen == 700)
        #expect(order.maskedCode?.text == "13****6789")
        #expect(order.approvedPayment == key)
        #expect(counter.machine.pendingPaymentCount == 0)
    }

    @Test("a declined code frees the order for another attempt with a new idempotency key")
    func declinedThenRetry() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(800), .tenderCode(Counter.wechat))
        let id = counter.machine.currentOrderID!
        counter.accept(.paymentAnswered(PaymentKey(orderID: id, attempt: 1), .declined))
        #expect(counter.current?.phase == .totalled)
        counter.accept(.tenderCode(Counter.wechat))
        #expect(counter.effects.contains { effect in
            if case let .requestPayment(request) = effect { return request.key.attempt == 2 }
            return false
        })
    }

    @Test("timeout → query; still unknown → reverse; reversed → not charged, pay again")
    func timeoutQueryReverse() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(800), .tenderCode(Counter.wechat))
        let key = PaymentKey(orderID: counter.machine.currentOrderID!, attempt: 1)
        counter.accept(.paymentTimedOut(key))
        #expect(counter.effects.contains(.queryPayment(key)))
        #expect(counter.machine.pendingPayment(key)?.status == .querying)
        counter.accept(.paymentQueried(key, .unknown))
        #expect(counter.effects.contains(.reversePayment(key)))
        #expect(counter.apply(.cancelOrder) == .refused(Refusal(.paymentInProgress)))
        counter.accept(.paymentReversed(key))
        #expect(counter.current?.phase == .totalled)
        #expect(counter.current?.codePaidFen == 0)
        counter.accept(.tenderCash(fen: 800))
        #expect(counter.current?.phase == .paid)
    }

    @Test("a late query answer 'paid' settles the order once; a second approval is refused")
    func noDoubleApproval() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(800), .tenderCode(Counter.wechat))
        let key = PaymentKey(orderID: counter.machine.currentOrderID!, attempt: 1)
        counter.accept(.paymentAnswered(key, .error), .paymentQueried(key, .paid))
        #expect(counter.current?.phase == .paid)
        let digest = counter.machine.stateDigest()
        #expect(counter.apply(.paymentAnswered(key, .approved)) == .refused(Refusal(.unknownPayment, detail: Int64(key.rawValue))))
        #expect(counter.current?.codePaidFen == 800)
        #expect(counter.machine.stateDigest() == digest)
    }

    @Test("credit: charged within the limit, refused over it with what is left")
    func stationCredit() {
        var counter = Counter()
        counter.accept(.openCreditAccount(5, limitFen: 1000), .newOrder, Counter.scan(700), .tenderCredit(5))
        #expect(counter.machine.creditAccount(5)?.balanceFen == 700)
        counter.accept(.receiptConfirmed, .newOrder, Counter.scan(400))
        #expect(counter.apply(.tenderCredit(5)) == .refused(Refusal(.creditLimitExceeded, detail: 300)))
        counter.accept(.creditRepaid(5, fen: 200), .tenderCredit(5))
        #expect(counter.machine.creditAccount(5)?.balanceFen == 900)
    }

    @Test("void after payment needs an authorisation, refunds every tender, and uses it up")
    func voidWithAuthorisation() {
        var counter = Counter()
        counter.accept(.openCreditAccount(5, limitFen: 10000), .newOrder, Counter.scan(1000), .tenderCash(fen: 400))
        counter.accept(.tenderCredit(5))
        let id = counter.machine.currentOrderID!
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.authorisationRequired)))
        counter.accept(.authorise(Authorisation(role: .supervisor, staffID: 12)), .voidOrder)
        #expect(counter.current?.phase == .voided)
        #expect(counter.effects.contains(.refund(Refund(orderID: id, method: .cash, amountFen: 400, paymentKey: nil))))
        #expect(counter.effects.contains(.refund(Refund(orderID: id, method: .stationCredit, amountFen: 600, paymentKey: nil))))
        #expect(counter.effects.contains(.openDrawer))
        #expect(counter.machine.creditAccount(5)?.balanceFen == 0)
        counter.accept(.newOrder, Counter.scan(100), .tenderCash(fen: 100))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.authorisationRequired)))
    }

    @Test("a closed sale brought back is voided with an authorisation and refunded; a cancelled one is not")
    func voidClosedSale() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(700), .tenderCash(fen: 1000), .receiptConfirmed)
        let id = counter.machine.currentOrderID!
        #expect(counter.current?.phase == .closed)
        counter.accept(.authorise(Authorisation(role: .technician, staffID: 4)), .voidOrder)
        #expect(counter.current?.phase == .voided)
        #expect(counter.effects.contains(.refund(Refund(orderID: id, method: .cash, amountFen: 700, paymentKey: nil))))
        counter.accept(.newOrder, Counter.scan(100), .cancelOrder, .authorise(Authorisation(role: .technician, staffID: 4)))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.orderFinished)))
    }

    @Test("an authorisation expires")
    func authorisationExpires() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(100), .tenderCash(fen: 100), .authorise(Authorisation(role: .technician, staffID: 1)))
        counter.now += KioskMachine.authorisationValidityMs
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.authorisationRequired)))
    }

    @Test("void of a code-paid order refunds through the gateway against the approved key")
    func voidCodePaid() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(900), .tenderCode(Counter.wechat))
        let key = PaymentKey(orderID: counter.machine.currentOrderID!, attempt: 1)
        counter.accept(.paymentAnswered(key, .approved), .authorise(Authorisation(role: .supervisor, staffID: 2)), .voidOrder)
        #expect(counter.effects.contains(.refund(Refund(orderID: key.orderID, method: .paymentCode, amountFen: 900, paymentKey: key))))
    }

    @Test("cancel after a part cash tender gives the cash back")
    func cancelRefundsCash() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(1000), .tenderCash(fen: 300), .cancelOrder)
        let id = counter.current!.id
        #expect(counter.effects.contains(.refund(Refund(orderID: id, method: .cash, amountFen: 300, paymentKey: nil))))
        #expect(counter.apply(Counter.scan(1)) == .refused(Refusal(.orderFinished)))
    }
}

@Suite("Orders, lines, keypad and capacity")
struct OrderFlowTests {
    @Test("the keypad sets quantities and cash amounts")
    func keypad() {
        var counter = Counter()
        counter.accept(.newOrder, .key(.digit(3)), Counter.scan(250))
        #expect(counter.machine.lines(of: counter.current!.id).last?.quantity == 3)
        counter.accept(.key(.digit(4)), .command(.quantity))
        #expect(counter.current?.totalFen == 1000)
        counter.accept(.key(.digit(2)), .key(.digit(0)), .key(.point), .key(.digit(5)), .command(.payCash))
        #expect(counter.current?.cashTenderedFen == 2050)
        #expect(counter.current?.changeFen == 1050)
        #expect(counter.machine.entry.isEmpty)
    }

    @Test("a decimal quantity and a third decimal are refused")
    func keypadRefusals() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(250), .key(.digit(1)), .key(.point), .key(.digit(5)))
        #expect(counter.apply(.command(.quantity)) == .refused(Refusal(.invalidQuantity)))
        counter.accept(.key(.digit(0)))
        #expect(counter.apply(.key(.digit(1))) == .refused(Refusal(.entryTooLong)))
        counter.accept(.key(.backspace), .key(.backspace), .key(.backspace), .command(.clearEntry))
        #expect(counter.machine.entry.isEmpty)
    }

    @Test("void a line by number, remove the last line: the total follows the lines")
    func lineEdits() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(100), Counter.scan(200), Counter.scan(400))
        counter.accept(.key(.digit(2)), .command(.void))
        #expect(counter.current?.totalFen == 500)
        #expect(counter.apply(.voidLine(2)) == .refused(Refusal(.lineAlreadyVoided, detail: 2)))
        counter.accept(.removeLastLine)
        #expect(counter.current?.totalFen == 100)
        #expect(counter.current?.lineCount == 2)
        #expect(counter.apply(.voidLine(9)) == .refused(Refusal(.lineNotFound, detail: 9)))
    }

    @Test("a full order refuses the next line with the limit, in the operator's words")
    func orderFull() throws {
        var counter = Counter(limits: try CoreLimits(maxOpenOrders: 2, maxLinesPerOrder: 3, maxPendingPayments: 1, maxCreditAccounts: 0))
        counter.accept(.newOrder, Counter.scan(1), Counter.scan(1), Counter.scan(1))
        let outcome = counter.apply(Counter.scan(1))
        #expect(outcome == .refused(Refusal(.orderFull, detail: 3)))
        #expect(counter.effects.first == .showMessage(.refused(Refusal(.orderFull, detail: 3))))
        #expect(OperatorMessage.refused(Refusal(.orderFull, detail: 3)).text(in: .english) == "order is full: 3 lines")
    }

    @Test("open orders and pending payments are bounded; closed orders free their slots")
    func tablesBounded() throws {
        var counter = Counter(limits: try CoreLimits(maxOpenOrders: 2, maxLinesPerOrder: 3, maxPendingPayments: 1, maxCreditAccounts: 0))
        counter.accept(.newOrder, Counter.scan(100), .tenderCode(Counter.wechat), .newOrder, Counter.scan(100))
        #expect(counter.apply(.tenderCode(Counter.wechat)) == .refused(Refusal(.tooManyPendingPayments, detail: 1)))
        #expect(counter.apply(.newOrder) == .refused(Refusal(.tooManyOpenOrders, detail: 2)))
        counter.accept(.tenderCash(fen: 100), .receiptConfirmed)
        for _ in 0 ..< 10 {
            counter.accept(.newOrder, Counter.scan(100), .tenderCash(fen: 100), .receiptConfirmed)
        }
        #expect(counter.machine.openOrderCount == 1)
    }

    @Test("overflowing money is refused, not trapped")
    func overflow() {
        var counter = Counter()
        counter.accept(.newOrder)
        #expect(counter.apply(Counter.scan(Int64.max / 2, quantity: 3)) == .refused(Refusal(.amountOverflow)))
        counter.accept(Counter.scan(Int64.max / 2))
        #expect(counter.apply(Counter.scan(Int64.max / 2 + 10)) == .refused(Refusal(.amountOverflow)))
    }

    @Test("assisted order: pickup code from order and seed; collected only with the right code")
    func assistedOrder() {
        var counter = Counter()
        counter.accept(.newAssistedOrder(Counter.villager), Counter.scan(5000), .tenderCash(fen: 5000), .receiptConfirmed)
        let order = counter.current!
        #expect(order.pickupCode == PickupCode.derive(orderID: order.id, seed: Counter.villager.pickupSeed))
        #expect(order.villagerName.text == "王小明")
        counter.accept(.newOrder, .fulfilmentOrdered(order.id), .fulfilmentArrived(order.id))
        #expect(counter.effects.contains(.showMessage(.notice(.goodsArrived, Int64(order.id), Int64(order.pickupCode)))))
        #expect(counter.apply(.pickedUp(order.id, pickupCode: order.pickupCode &+ 1)) == .refused(Refusal(.wrongPickupCode)))
        counter.accept(.pickedUp(order.id, pickupCode: order.pickupCode))
        #expect(counter.machine.order(order.id)?.phase == .closed)
    }
}

@Suite("Keyed quantity")
struct KeyedQuantityTests {
    @Test("a quantity keyed before the first scan of a new customer applies to that scan")
    func keyedQuantityBeforeFirstScanIsKept() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(500), .total, .tenderCash(fen: 500), .receiptConfirmed)
        counter.accept(.key(.digit(3)), .newOrderForScan, Counter.scan(200))
        #expect(counter.current?.totalFen == 600)
        #expect(counter.current.map { counter.machine.lines(of: $0.id).first?.quantity } == 3)
    }

    @Test("an explicit new order still starts with an empty entry, as journals written before replay")
    func explicitNewOrderClearsTheEntry() {
        var counter = Counter()
        counter.accept(.key(.digit(3)), .newOrder, Counter.scan(200))
        #expect(counter.current?.totalFen == 200)
    }
}

@Suite("An authorisation is for one action")
struct AuthorisationTests {
    static let grant = Authorisation(role: .technician, staffID: 7)

    @Test("another operator action ends an authorisation: a later void is refused")
    func otherActionEndsIt() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(500), .total, .tenderCash(fen: 500))
        let paid = counter.current!.id
        counter.accept(.authorise(Self.grant), .newOrder, .selectOrder(paid))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.authorisationRequired)))
    }

    @Test("a gateway's answer or a printed receipt in between does not end it")
    func reportsDoNotEndIt() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(500), .total, .tenderCash(fen: 500))
        let paid = counter.current!.id
        counter.accept(.authorise(Self.grant), .receiptPrinted(paid), .voidOrder)
        #expect(counter.machine.order(paid)?.phase == .voided)
    }

    @Test("a withdrawn authorisation cannot be used")
    func withdrawnCannotBeUsed() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(500), .total, .tenderCash(fen: 500), .authorise(Self.grant),
                       .withdrawAuthorisation)
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.authorisationRequired)))
    }
}
