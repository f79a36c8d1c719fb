import Foundation
import KioskCore
import KioskSimulator
import KioskStore
import Testing
@testable import KioskEngine

/// Credit repaid by payment code (扫码还款): an order of its own at the counter, charged through the same
/// workers, keys and recovery as a sale's code; the account owes less only once the charge is approved.
@Suite("Station credit repaid by payment code")
struct CreditCodeRepaymentTests {
    static let startMs = EngineStepTests.startMs
    static let alipayCode = ScannedCode(content: Array("284567890123456789".utf8))

    /// A station with account 1 (limit 50.00) owing 18.60 for a carton of milk charged to it.
    static func stationOwing(in directory: String, _ workers: HeldWorkers) throws -> (StationEngine, CreditAccountID) {
        let engine = try EngineStepTests.engine(in: directory, workers: workers)
        let id = try #require(engine.openCreditAccount(name: "王大妈", phone: "13812341234", limitFen: 5_000, nowMs: startMs))
        engine.handle(.scan(EngineStepTests.milk), nowMs: startMs)
        engine.handle(.key("\(id)"), nowMs: startMs)
        engine.handle(.key("F3"), nowMs: startMs)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 1_860)
        return (engine, id)
    }

    /// The printer confirms every job the held workers were given.
    static func printEverything(_ engine: StationEngine, _ workers: HeldWorkers, atMs: Int64) {
        for job in workers.printJobs { engine.handle(.printed(jobID: job), nowMs: atMs) }
    }

    static func repayments(_ directory: String, account: CreditAccountID) throws -> [CreditRepaymentListing] {
        try StationListings(database: try KioskDatabase.open(dataDirectory: directory)).creditRepayments(account: Int64(account))
    }

    @Test("repaid by WeChat code: owed falls when the charge is approved, the drawer is untouched, the statement says 微信")
    func repaidByCode() throws {
        let data = try ScratchDirectory("credit-code-repaid")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (engine, id) = try Self.stationOwing(in: data.path, workers)
        let drawerBefore = try StationBooks(database: engine.database).cashInDrawerFen()

        let order = try #require(engine.openCreditRepayment(account: id, fen: 1_000, nowMs: Self.startMs + 1_000))
        #expect(engine.lastMessageCode == "SCAN_PAYMENT_CODE")
        engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 2_000)
        let charge = try #require(workers.charges.last)
        #expect(charge.key.orderID == order && charge.amountFen == 1_000)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 1_860, "nothing is repaid before the wallet says so")

        engine.inbox.report(.action(.paymentAnswered(charge.key, .approved)), atMs: Self.startMs + 5_000)
        engine.advance(toMs: Self.startMs + 5_000)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 860)
        #expect(engine.lastMessageCode == "CREDIT_REPAID")
        #expect(try engine.journal.order(Int64(order))?.kind == "repayment", "an empty counter order became the repayment's")
        #expect(try StationBooks(database: engine.database).cashInDrawerFen() == drawerBefore, "no cash moved")
        let rows = try Self.repayments(data.path, account: id)
        #expect(rows.map(\.method) == ["wechat"] && rows.map(\.amount_fen) == [1_000] && rows.map(\.balanceAfter_fen) == [860])
        Self.printEverything(engine, workers, atMs: Self.startMs + 5_500)
        let violations = try StationBooks(database: engine.database).violations()
        #expect(violations.isEmpty, "\(violations)")

        let listings = StationListings(database: engine.database)
        let account = try #require(try listings.creditAccounts().first)
        #expect(account.balance_fen == 860)
        let printer = SimulatedPrinterPort(paperWidthDots: 384)
        let bytes = engine.creditStatement(account: account, charges: try listings.creditCharges(account: Int64(id)),
                                           repayments: try listings.creditRepayments(account: Int64(id)), atMs: Self.startMs + 6_000)
        #expect(printer.print(bytes, nowMs: Self.startMs + 6_000) == .confirmed)
        let printed = try #require(printer.printer.recentReceipts.last).textLines
        #expect(printed.contains { $0.contains("还款（微信）") && $0.contains("10.00") })
        #expect(printed.contains { $0.contains("尚欠") && $0.contains("8.60") })
        #expect(try listings.creditCharges(account: Int64(id)).map(\.credit_fen) == [1_860], "a repayment is not a charge")
    }

    @Test("a declined code changes nothing: the account owes the same, no repayment is recorded, another code may follow")
    func declinedCodeChangesNothing() throws {
        let data = try ScratchDirectory("credit-code-declined")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (engine, id) = try Self.stationOwing(in: data.path, workers)
        let order = try #require(engine.openCreditRepayment(account: id, fen: 1_860, nowMs: Self.startMs + 1_000))
        engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 2_000)
        let declined = try #require(workers.charges.last)
        engine.inbox.report(.action(.paymentAnswered(declined.key, .declined)), atMs: Self.startMs + 3_000)
        engine.advance(toMs: Self.startMs + 3_000)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 1_860)
        #expect(engine.machine.order(order)?.phase == .totalled)
        #expect(try Self.repayments(data.path, account: id).isEmpty)

        engine.handle(.scan(Self.alipayCode), nowMs: Self.startMs + 4_000)
        let second = try #require(workers.charges.last)
        #expect(second.key != declined.key, "the next code goes out under a new key")
        engine.inbox.report(.action(.paymentAnswered(second.key, .approved)), atMs: Self.startMs + 5_000)
        engine.advance(toMs: Self.startMs + 5_000)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 0)
        #expect(try Self.repayments(data.path, account: id).map(\.method) == ["alipay"])
    }

    @Test("what is owed bounds every repayment, counting the ones under way; a repayment order takes a code only")
    func balanceNeverBelowZero() throws {
        let data = try ScratchDirectory("credit-code-bounds")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (engine, id) = try Self.stationOwing(in: data.path, workers)
        #expect(engine.openCreditRepayment(account: id, fen: 1_861, nowMs: Self.startMs + 1_000) == nil)
        #expect(engine.lastMessageCode == "REPAYMENT_OVER_OWED")
        #expect(engine.lastMessage == "超过欠款，最多可还 ￥18.60")
        #expect(engine.machine.currentOrderID.flatMap(engine.machine.order)?.phase == .cancelled,
                "the refused repayment leaves no order open")

        let order = try #require(engine.openCreditRepayment(account: id, fen: 1_500, nowMs: Self.startMs + 2_000))
        engine.handle(.cash(fen: 1_500), nowMs: Self.startMs + 2_500)
        #expect(engine.lastMessageCode == "REPAYMENT_BY_CODE_ONLY")
        engine.handle(.scan(EngineStepTests.milk), nowMs: Self.startMs + 2_600)
        #expect(engine.lastMessageCode == "REPAYMENT_ON_ITS_OWN_ORDER")
        engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 3_000)
        let charge = try #require(workers.charges.last)

        // 15.00 is under way: 3.60 is all that can be repaid beside it, in cash or by another code.
        #expect(!engine.submitFromShell(.creditRepaid(id, fen: 361), nowMs: Self.startMs + 4_000))
        #expect(engine.lastMessageCode == "REPAYMENT_OVER_OWED")
        #expect(engine.submitFromShell(.creditRepaid(id, fen: 360), nowMs: Self.startMs + 4_000))
        #expect(engine.machine.creditAccount(id)?.balanceFen == 1_500)

        engine.inbox.report(.action(.paymentAnswered(charge.key, .approved)), atMs: Self.startMs + 6_000)
        engine.advance(toMs: Self.startMs + 6_000)
        #expect(engine.machine.creditAccount(id)?.balanceFen == 0)
        #expect(engine.machine.order(order)?.phase == .paid)
        #expect(engine.openCreditRepayment(account: id, fen: 1, nowMs: Self.startMs + 7_000) == nil, "nothing is owed")
        let rows = try Self.repayments(data.path, account: id)
        #expect(rows.map(\.method) == ["cash", "wechat"] && rows.map(\.balanceAfter_fen) == [1_500, 0])
    }

    @Test("killed mid-charge: at start the charge is queried under its key, never sent again, and repays once")
    func killedMidCharge() throws {
        let data = try ScratchDirectory("credit-code-kill")
        defer { data.remove() }
        let charge: PaymentRequest
        let id: CreditAccountID
        do {
            let workers = HeldWorkers()
            let (engine, account) = try Self.stationOwing(in: data.path, workers)
            id = account
            _ = try #require(engine.openCreditRepayment(account: id, fen: 1_000, nowMs: Self.startMs + 1_000))
            engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 2_000)
            charge = try #require(workers.charges.last)
            // kill -9 here: the charge went out, its answer dies with the process.
        }
        let workers = HeldWorkers()
        let restarted = try EngineStepTests.engine(in: data.path, workers: workers)
        #expect(restarted.recovery.paymentsRequeried == 1)
        #expect(workers.charges.isEmpty, "the charge is never sent twice")
        #expect(workers.started.contains { if case .query(let key, _) = $0 { key == charge.key } else { false } })
        #expect(restarted.machine.creditAccount(id)?.balanceFen == 1_860)

        restarted.inbox.report(.action(.paymentQueried(charge.key, .paid)), atMs: Self.startMs + 30_000)
        restarted.advance(toMs: Self.startMs + 30_000)
        #expect(restarted.machine.creditAccount(id)?.balanceFen == 860)
        // The charge's own answer, arriving late, changes nothing settled.
        restarted.inbox.report(.action(.paymentAnswered(charge.key, .approved)), atMs: Self.startMs + 31_000)
        restarted.advance(toMs: Self.startMs + 31_000)
        #expect(restarted.machine.creditAccount(id)?.balanceFen == 860)
        #expect(try Self.repayments(data.path, account: id).map(\.amount_fen) == [1_000])

        Self.printEverything(restarted, workers, atMs: Self.startMs + 32_000)
        let again = try EngineStepTests.engine(in: data.path, workers: HeldWorkers())
        #expect(again.machine.creditAccount(id)?.balanceFen == 860, "the journal replays to the same balance")
        #expect(try StationListings(database: again.database).creditAccounts().first?.balance_fen == 860)
        let violations = try StationBooks(database: again.database).violations()
        #expect(violations.isEmpty, "\(violations)")
    }
}
