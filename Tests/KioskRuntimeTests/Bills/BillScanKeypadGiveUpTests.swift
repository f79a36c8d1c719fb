import KioskCore
import KioskSimulation
import Testing
@testable import KioskEngine
@testable import KioskSimulator
@testable import KioskStore

@Suite("Bills by scan and keypad, and bills given up on the biller")
struct BillScanKeypadGiveUpTests {
    static let startMs = EngineStepTests.startMs

    @Test("scanning an electricity bill's barcode looks the account up and opens the bill at the counter for the amount printed")
    func scannedBillOpensAtCounter() throws {
        let data = try ScratchDirectory("bill-scan")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        let due = try #require(station.biller.lookUp(billerCode: "sgcc", account: "3301234567", nowMs: Self.startMs)).dueFen
        let printed = String(repeating: "0", count: 8 - String(due).count) + String(due)
        station.engine.handle(.scan(ScannedCode(content: Array("3301234567\(printed)\r".utf8))), nowMs: Self.startMs)
        let bill = try #require(station.engine.bills.allBills().last)
        #expect(bill.billerCode == "sgcc" && bill.account == "3301234567" && bill.amountFen == due && bill.phase == .awaitingCounter)
        #expect(station.engine.machine.currentOrderID.map(Int64.init) == bill.orderID)
        station.engine.handle(.cash(fen: due), nowMs: Self.startMs + 1_000)
        #expect(station.engine.bills.bill(bill.id)?.phase == .succeeded)
        #expect(station.papers.last?.contains("缴费凭证") == true)
    }

    @Test("a scanned bill whose printed amount the rules refuse opens for the amount due; a code of no biller's format is not a bill")
    func scannedAmountAgainstRule() throws {
        let data = try ScratchDirectory("bill-scan-due")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        let due = try #require(station.biller.lookUp(billerCode: "sgcc", account: "3301234567", nowMs: Self.startMs)).dueFen
        station.engine.handle(.scan(ScannedCode(content: Array("330123456700000001".utf8))), nowMs: Self.startMs)
        #expect(station.engine.bills.allBills().map(\.amountFen) == [due], "an exact bill takes what the biller says is due")

        let otherData = try ScratchDirectory("bill-scan-other")
        defer { otherData.remove() }
        let other = try BillStation(in: otherData.path)
        other.engine.handle(.scan(ScannedCode(content: Array("SX88001234202611".utf8))), nowMs: Self.startMs)
        other.engine.handle(.scan(ScannedCode(content: Array("33012345670000".utf8))), nowMs: Self.startMs)
        #expect(other.engine.bills.allBills().isEmpty)
        #expect(other.engine.lastMessageCode != "BILL_LOOKED_UP")
    }

    @Test("a water bill's code with letters (free text to the classifier) opens the bill; its billing month is skipped")
    func waterBillFreeText() throws {
        let data = try ScratchDirectory("bill-scan-water")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        station.engine.handle(.scan(ScannedCode(content: Array("SW88001234202611".utf8))), nowMs: Self.startMs)
        let bill = try #require(station.engine.bills.allBills().last)
        #expect(bill.billerCode == "water" && bill.account == "88001234" && bill.amountFen == bill.dueFen)
    }

    @Test("the keypad's bill key: phone number, key, amount, key opens a top-up the tender keys pay; cancel leaves it")
    func keypadTopUp() throws {
        let data = try ScratchDirectory("bill-keypad")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        func press(_ keys: [String], at ms: Int64) { keys.forEach { station.engine.handle(.key($0), nowMs: ms) } }
        press(["F9", "1", "3", "9"], at: Self.startMs)
        press(["Escape"], at: Self.startMs)
        #expect(station.engine.lastMessageCode == "BILL_KEYPAD_CANCELLED")
        press(["5"], at: Self.startMs)
        #expect(station.engine.bills.keypadStep == .idle && station.engine.machine.entry.wholeNumber == 5,
                "after cancel, digits are the counter's again")
        press(["backspace"], at: Self.startMs)

        press(["F9"] + "13812345678".map(String.init) + ["F9"], at: Self.startMs + 1_000)
        #expect(station.engine.lastMessageCode == "BILL_LOOKED_UP")
        press(["3", "0", "F9"], at: Self.startMs + 2_000)
        let bill = try #require(station.engine.bills.allBills().last)
        #expect(bill.billerCode == "cmcc" && bill.account == "13812345678" && bill.amountFen == 3_000)
        press(["F1"], at: Self.startMs + 3_000)
        #expect(station.engine.bills.bill(bill.id)?.phase == .succeeded, "pay-cash with no entry paid exactly the bill")
    }

    @Test("a bill left pending past give_up_after_s is queried no more, flagged with a slip, and its money goes back only when the technician says")
    func givenUpThenRefundedByTechnician() throws {
        let data = try ScratchDirectory("bill-give-up")
        defer { data.remove() }
        let station = try BillStation(in: data.path) { configuration in
            configuration.billPolicy = BillPolicy(pendingQueryLimitMs: 600_000, giveUpAfterMs: 3_600_000)
        }
        station.biller.enqueue(.pending(queries: 1_000, succeeds: false))
        let bill = try station.open("cmcc", "13812345678", amountFen: 5_000, atMs: Self.startMs)
        station.engine.handle(.cash(fen: 5_000), nowMs: Self.startMs + 1_000)
        let paidAt = Self.startMs + 1_000
        var now = paidAt
        for _ in 0 ..< 64 {
            guard let next = station.engine.bills.nextQueryAtMs(bill.id) else { break }
            #expect(next <= paidAt + 3_600_000 && next > now, "no query is planned past the deadline")
            now = next
            station.engine.advance(toMs: now)
        }
        let givenUp = try #require(station.engine.bills.bill(bill.id))
        #expect(givenUp.phase == .givenUp && now == paidAt + 3_600_000)
        #expect(givenUp.flag?.contains("3600 s") == true)
        #expect(station.engine.lastMessageCode == "BILL_GIVEN_UP")
        #expect(station.papers.last?.contains("缴费未确认") == true && station.papers.last?.contains("本单不是缴费凭证") == true)
        let queries = givenUp.queries
        station.engine.advance(toMs: now + 86_400_000)
        #expect(station.engine.bills.bill(bill.id)?.queries == queries, "no automatic query after giving up")
        #expect(station.engine.bills.pendingBills().map(\.id) == [bill.id], "the operator still sees it")
        let database = station.engine.database
        #expect(try BillAudit(database: database).violations().contains { $0.contains("bill \(bill.id) given up") })

        #expect(station.engine.bills.query(bill.id, nowMs: now + 86_400_000), "the technician may still ask")
        #expect(station.engine.bills.bill(bill.id)?.phase == .givenUp, "a pending answer leaves it given up")
        let kicks = station.drawer.kicks
        #expect(station.engine.bills.refundGivenUp(bill.id, nowMs: now + 86_401_000))
        let refunded = try #require(station.engine.bills.bill(bill.id))
        #expect(refunded.phase == .refunded && refunded.refundedCashFen == 5_000 && station.drawer.kicks > kicks)
        #expect(station.papers.last?.contains("退款") == true)
        #expect(try BillAudit(database: database).violations().isEmpty)
        #expect(!station.engine.bills.refundGivenUp(bill.id, nowMs: now + 86_402_000), "refunded once")

        station.engine.handle(.bill(.answered(billID: bill.id, .succeeded(reference: "LATE9"))), nowMs: now + 86_500_000)
        #expect(station.engine.bills.bill(bill.id)?.flag?.contains("LATE9") == true, "a late success after the refund is flagged")
    }

    @Test("a given-up bill the biller then confirms gets its proof, and leaves the technician's list")
    func givenUpThenConfirmed() throws {
        let data = try ScratchDirectory("bill-give-up-ok")
        defer { data.remove() }
        let station = try BillStation(in: data.path) { configuration in
            configuration.billPolicy = BillPolicy(pendingQueryLimitMs: 600_000, giveUpAfterMs: 1_200_000)
        }
        station.biller.enqueue(.pending(queries: 1_000, succeeds: true))
        let bill = try station.open("cmcc", "13812345678", amountFen: 2_000, atMs: Self.startMs)
        station.engine.handle(.cash(fen: 2_000), nowMs: Self.startMs)
        station.engine.advance(toMs: Self.startMs + 1_200_000)
        #expect(station.engine.bills.bill(bill.id)?.phase == .givenUp)
        station.engine.handle(.bill(.answered(billID: bill.id, .succeeded(reference: "OK77"))), nowMs: Self.startMs + 1_300_000)
        let paid = try #require(station.engine.bills.bill(bill.id))
        #expect(paid.phase == .succeeded && paid.flag == nil && paid.reference == "OK77")
        #expect(station.papers.last?.contains("缴费凭证") == true)
        #expect(station.engine.bills.pendingBills().isEmpty)
    }

    @Test("after a restart past the deadline a pending bill is given up, not queried")
    func restartPastDeadline() throws {
        let data = try ScratchDirectory("bill-give-up-restart")
        defer { data.remove() }
        let biller = SimulatedBillerPort(billers: StationConfiguration.standardBillers)
        let billID: Int64
        do {
            let station = try BillStation(in: data.path, biller: biller)
            biller.enqueue(.pending(queries: 1_000, succeeds: true))
            billID = try station.open("cmcc", "13812345678", amountFen: 2_000, atMs: Self.startMs).id
            station.engine.handle(.cash(fen: 2_000), nowMs: Self.startMs)
        }
        let restarted = try BillStation(in: data.path, biller: biller, nowMs: Self.startMs + 86_400_000)
        #expect(restarted.engine.bills.bill(billID)?.phase == .givenUp)
    }
}
