import KioskCore
import Testing

/// Folds every accepted event of `counter` from now on into a tally, as the day's replay does.
private struct TalliedCounter {
    var counter = Counter()
    var tally: DayTally

    init() {
        counter.accept(.openCreditAccount(Counter.creditAccount, limitFen: 100_000))
        tally = DayTally(ordersAtStart: [])
    }

    mutating func accept(_ actions: CoreAction..., sourceLocation: SourceLocation = #_sourceLocation) {
        for action in actions {
            #expect(counter.apply(action) == .accepted, "\(action)", sourceLocation: sourceLocation)
            var touched: Order?
            for case .persist(let id?) in counter.machine.effects { touched = counter.machine.order(id) }
            tally.observe(action, order: touched, effects: counter.machine.effects)
        }
    }

    var figures: DayFigures {
        let machine = counter.machine
        return tally.figures(openOrders: machine.openOrderIDs.compactMap(machine.order), services: [])
    }
}

@Suite("The day's close: the count, the tally and the Z")
struct DayCloseTests {
    @Test("a blind count adds up its notes and coins in fen, and refuses an impossible figure")
    func drawerCount() throws {
        let count = try #require(DrawerCount([.yuan100: 3, .yuan50: 1, .yuan20: 2, .yuan1: 7, .jiao5: 1, .jiao1: 3]))
        #expect(count.totalFen == 30_000 + 5_000 + 4_000 + 700 + 50 + 30)
        #expect(DrawerCount([.yuan10: -1]) == nil)
        #expect(DrawerCount([.yuan10: DrawerCount.maximumPieces + 1]) == nil)
    }

    @Test("cash, change, codes by wallet, credit, a void and a cancel are each counted once")
    func tallyOfADay() {
        var day = TalliedCounter()
        // 12.00 paid with a 20-yuan note: 20.00 taken, 8.00 change.
        day.accept(.newOrder, Counter.scan(600, quantity: 2), .total, .tenderCash(fen: 2_000), .receiptConfirmed)
        // 10.00: 3.00 in cash, the rest by WeChat.
        day.accept(.newOrder, Counter.scan(1_000), .total, .tenderCash(fen: 300), .tenderCode(Counter.wechat))
        day.accept(.paymentAnswered(day.counter.pendingKey, .approved), .receiptConfirmed)
        // 7.00 on credit, then voided: 7.00 back to the account.
        day.accept(.newOrder, Counter.scan(700), .tenderCredit(Counter.creditAccount),
                   .authorise(Authorisation(role: .supervisor, staffID: 3)), .voidOrder)
        // 5.00 with 2.00 handed over, then cancelled: 2.00 back in cash.
        day.accept(.newOrder, Counter.scan(500), .total, .tenderCash(fen: 200), .cancelOrder)
        // A villager pays back 1.00 they owed (the void left them owing nothing, so give them some credit first).
        day.accept(.newOrder, Counter.scan(150), .tenderCredit(Counter.creditAccount), .receiptConfirmed,
                   .creditRepaid(Counter.creditAccount, fen: 100))
        // Still open at the close: carried into tomorrow.
        day.accept(.newOrder, Counter.scan(900))

        let figures = day.figures
        #expect(figures.cashTakenFen == 2_000 + 300 + 200)
        #expect(figures.changeGivenFen == 800)
        #expect(figures.cashRefundsFen == 200)
        #expect(figures.creditRepaidFen == 100)
        #expect(figures[.cash] == TallyLine(count: 3, fen: 1_200 + 300 + 200))
        #expect(figures[.wechat] == TallyLine(count: 1, fen: 700))
        #expect(figures[.alipay] == TallyLine())
        #expect(figures[.stationCredit] == TallyLine(count: 2, fen: 700 + 150))
        #expect(figures.voids == TallyLine(count: 1, fen: 700))
        #expect(figures.cancels == TallyLine(count: 1, fen: 500))
        #expect(figures.refunds == TallyLine(count: 2, fen: 700 + 200))
        #expect(figures.carried == TallyLine(count: 1, fen: 900))
        #expect(figures.services.first { $0.service == "counter" }?.sales == TallyLine(count: 4, fen: 1_200 + 1_000 + 700 + 150))
        // 100.00 float: + 25.00 taken + 1.00 repaid − 8.00 change − 2.00 refunded − 30.00 to the bank.
        #expect(figures.expectedCashFen(floatFen: 10_000, cashRemovedFen: 3_000) == 10_000 + 2_500 + 100 - 800 - 200 - 3_000)
    }

    @Test("a sale paid before the last close is not counted again when its receipt prints")
    func ordersCarriedFromYesterday() {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(400), .total, .tenderCash(fen: 500))
        let paidYesterday = counter.machine.openOrderIDs.compactMap(counter.machine.order)
        var tally = DayTally(ordersAtStart: paidYesterday)
        for action in [CoreAction.receiptConfirmed] {
            #expect(counter.apply(action) == .accepted)
            var touched: Order?
            for case .persist(let id?) in counter.machine.effects { touched = counter.machine.order(id) }
            tally.observe(action, order: touched, effects: counter.machine.effects)
        }
        let figures = tally.figures(openOrders: [], services: [])
        #expect(figures.cashTakenFen == 0)
        #expect(figures.services.allSatisfy { $0.sales == TallyLine() })
    }

    @Test("the desk: a float once a day, cash removed says who and why, no close before a count, one Z a date")
    func deskRefusals() throws {
        var day = DaySoFar()
        day.lastCountedFen = 23_450
        let carried = try DayDesk.open(floatFen: nil, businessDate: 20_261_202, who: "op", day: day)
        #expect(carried.floatFen == 23_450 && carried.carried)
        day.opening = carried
        #expect(throws: DayRefusal.alreadyOpen) { try DayDesk.open(floatFen: 100, businessDate: 20_261_202, who: "op", day: day) }
        #expect(throws: DayRefusal.missingWhoOrWhy) { try DayDesk.removeCash(fen: 100, who: "op", why: "") }
        #expect(throws: DayRefusal.invalidAmount) { try DayDesk.removeCash(fen: 0, who: "op", why: "bank") }
        #expect(throws: DayRefusal.notCounted) { try DayDesk.close(day: day, figures: DayFigures(), today: 20_261_202) }
        day.counted = try DayDesk.count(try #require(DrawerCount([.yuan100: 2])), explanation: "少了一张", who: "op")
        day.cashRemovedFen = 1_000
        let closing = try DayDesk.close(day: day, figures: DayFigures(), today: 20_261_203)
        #expect(closing.z == 1 && closing.businessDate == 20_261_202, "the day closed is the day opened")
        #expect(closing.expectedCashFen == 22_450)
        #expect(closing.varianceFen == 20_000 - 22_450, "a variance never refuses the close")
        day.lastClosedDate = 20_261_202
        #expect(throws: DayRefusal.alreadyClosed(businessDate: 20_261_202)) {
            try DayDesk.close(day: day, figures: DayFigures(), today: 20_261_202)
        }
    }

    @Test("every day entry survives its bytes, and damaged bytes are refused")
    func entryCodec() throws {
        var figures = DayFigures()
        figures[.alipay] = TallyLine(count: 2, fen: 1_234)
        figures.cashTakenFen = 5_000
        figures.carried = TallyLine(count: 1, fen: 99)
        figures.services = [ServiceLine(service: "counter", sales: TallyLine(count: 3, fen: 6_234)),
                            ServiceLine(service: "parcels", sales: TallyLine(count: 1, fen: 800), cashInFen: 800, cashOutFen: 300)]
        let counted = DrawerCounted(count: try #require(DrawerCount([.yuan50: 1, .jiao1: 4])), explanation: "找错零钱", who: "王")
        let entries: [DayEntry] = [
            .opened(DayOpening(businessDate: 20_261_202, floatFen: 20_000, carried: false, who: "李")),
            .cashRemoved(CashRemoval(fen: 50_000, who: "李", why: "存银行")),
            .counted(counted),
            .closed(DayClosing(z: 7, businessDate: 20_261_202, fromSequence: 41, floatFen: 20_000, cashRemovedFen: 50_000,
                               counted: counted, figures: figures)),
            .reprinted(z: 7),
            .mismatchFound(StatementMismatch(provider: .alipay, businessDate: 20_261_202, merchantOrderNo: "KIOSK_S1_12_1",
                                             kind: .amountDiffers, stationFen: 1_200, providerFen: 1_250)),
            .mismatchAnswered(mismatchSequence: 42, .notPaid),
            .xPrinted(businessDate: 20_261_202),
        ]
        for entry in entries {
            #expect(try DayEntry(decoding: entry.bytes) == entry)
            #expect(throws: EventDecodingError.self) { try DayEntry(decoding: Array(entry.bytes.dropLast())) }
        }
        #expect(throws: EventDecodingError.unsupportedVersion(9)) { try DayEntry(decoding: [9, 1]) }
        let mismatch = DayEntry.mismatchFound(StatementMismatch(provider: .wechat, businessDate: 20_261_202,
                                                                merchantOrderNo: "K", kind: .missingHere, stationFen: 0,
                                                                providerFen: 100)).bytes
        var unknownKind = mismatch
        unknownKind[2 + 1 + 4 + 2 + 1] = 9
        #expect(throws: EventDecodingError.invalidValue) { try DayEntry(decoding: unknownKind) }
        var unknownProvider = mismatch
        unknownProvider[2] = 3
        #expect(throws: EventDecodingError.invalidValue) { try DayEntry(decoding: unknownProvider) }
        #expect(throws: EventDecodingError.invalidValue) { try DayEntry(decoding: [1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 1]) }
    }

    @Test("a statement's mismatches are listed in the match's order, and each answer says what to do")
    func mismatchesAndAnswers() {
        let station = [ProviderStatement.Payment(merchantOrderNo: "A", amountFen: 500, time: ""),
                       ProviderStatement.Payment(merchantOrderNo: "B", amountFen: 700, time: "")]
        let statement = [ProviderStatement.Line(merchantOrderNo: "B", amountFen: 750, isRefund: false),
                         ProviderStatement.Line(merchantOrderNo: "C", amountFen: 300, isRefund: false)]
        let mismatches = StatementMismatch.all(in: StatementMatch(station: station, statement: statement), provider: .wechat,
                                               businessDate: 20_261_202)
        #expect(mismatches.map(\.merchantOrderNo) == ["A", "C", "B"])
        #expect(mismatches.map(\.kind) == [.missingAtProvider, .missingHere, .amountDiffers])
        #expect(mismatches.map(\.stationFen) == [500, 0, 700])
        #expect(mismatches.map(\.providerFen) == [0, 300, 750])
        #expect(MismatchAnswer(.paid).resolution(for: .missingHere).contains("refund the customer"))
        #expect(MismatchAnswer(.notPaid).resolution(for: .missingAtProvider).contains("collect it again"))
        #expect(MismatchAnswer.allCases.filter(\.isFinal) == [.paid, .notPaid])
    }
}
