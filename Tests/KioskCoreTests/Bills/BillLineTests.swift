import Testing
@testable import KioskCore

@Suite("A bill on a counter order: its own order, cash or code, never credit or a void")
struct BillLineTests {
    static let bill = BillLine(billID: 42, amountFen: 12_345)

    @Test("the bill is the order's one line, paid with the counter's tenders, split included")
    func paidLikeASale() {
        var counter = Counter()
        counter.accept(.newOrder, .billLine(Self.bill), .total, .tenderCash(fen: 5_000))
        let id = counter.machine.currentOrderID!
        #expect(counter.machine.billID(ofOrder: id) == 42)
        #expect(counter.current?.totalFen == 12_345)
        let line = counter.machine.lines(of: id)[0]
        #expect(line.barcode.text == "BILL-42" && line.quantity == 1)
        counter.accept(.tenderCode(Counter.wechat))
        counter.accept(.paymentAnswered(counter.pendingKey, .approved))
        #expect(counter.current?.phase == .paid)
        #expect(counter.current?.codePaidFen == 7_345 && counter.current?.cashAppliedFen == 5_000)
    }

    @Test("no goods beside a bill, no bill beside goods, no other quantity, no credit, no void")
    func refusals() {
        var counter = Counter()
        counter.accept(.openCreditAccount(Counter.creditAccount, limitFen: 100_000), .newOrder, .billLine(Self.bill))
        #expect(counter.apply(Counter.scan(300)) == .refused(Refusal(.billOnItsOwnOrder)))
        #expect(counter.apply(.setQuantity(3)) == .refused(Refusal(.billOnItsOwnOrder)))
        #expect(counter.apply(.billLine(BillLine(billID: 43, amountFen: 100))) == .refused(Refusal(.billOnItsOwnOrder)))
        #expect(counter.apply(.tenderCredit(Counter.creditAccount)) == .refused(Refusal(.billNotOnCredit)))
        counter.accept(.tenderCash(fen: 20_000), .receiptConfirmed)
        counter.accept(.authorise(Authorisation(role: .supervisor, staffID: 1)))
        #expect(counter.apply(.voidOrder) == .refused(Refusal(.billNotVoidable)))

        var goods = Counter()
        goods.accept(.newOrder, Counter.scan(300))
        #expect(goods.apply(.billLine(Self.bill)) == .refused(Refusal(.billOnItsOwnOrder)))
        #expect(goods.machine.billID(ofOrder: goods.machine.currentOrderID!) == nil)
    }

    @Test("the bill's line journals under tag 40 and replays to the same state")
    func journalsAndReplays() throws {
        let event = CoreEvent(timeMs: 9, .billLine(Self.bill))
        #expect(event.encoded[1] == 40)
        #expect(try CoreEvent(decoding: event.encoded) == event)
        var counter = Counter()
        counter.accept(.newOrder, .billLine(Self.bill), .tenderCash(fen: 20_000))
        let replay = KioskMachine(limits: .standard)
        var time: Int64 = 1_700_000_000_000
        for action in [CoreAction.newOrder, .billLine(Self.bill), .tenderCash(fen: 20_000)] {
            time += 1000
            #expect(replay.apply(CoreEvent(timeMs: time, action)) == .accepted)
        }
        #expect(replay.hasSameState(as: counter.machine))
    }
}
