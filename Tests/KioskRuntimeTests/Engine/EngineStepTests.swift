import Foundation
import KioskCore
import KioskStore
import Logging
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

/// Workers that hold every work item until the test lets it go: an acquirer or a printer that takes
/// as long as the test likes.
final class HeldWorkers: EffectWorker {
    private(set) var started: [WorkItem] = []

    func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        started.append(work)
    }

    var charges: [PaymentRequest] {
        started.compactMap { if case .charge(let request) = $0 { request } else { nil } }
    }

    var printJobs: [Int64] {
        started.compactMap { if case .print(let id, _) = $0 { id } else { nil } }
    }
}

/// A display that keeps nothing.
final class QuietDisplay: OperatorDisplayPort {
    func show(_ text: String, nowMs: Int64) {}
}

@Suite("The engine is a step: one input, one commit, effects as work")
struct EngineStepTests {
    static let milk = ScannedCode(content: Array("6916018159088".utf8))
    static let wechatCode = ScannedCode(content: Array("134567890123456789".utf8))
    static let startMs = SimulationSession.defaultDayStartMs + 9 * 3_600_000

    /// An engine on the sim board's catalog in `directory`, with `workers`.
    static func engine(in directory: String, workers: any EffectWorker, acceptsCodePayments: Bool = true) throws -> StationEngine {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let database = try KioskDatabase.open(dataDirectory: directory)
        _ = try CatalogImporter(database: database).importCSV(atPath: Repository.simCatalog)
        var configuration = try StationConfiguration(board: try Repository.board())
        configuration.acceptsCodePayments = acceptsCodePayments
        return try StationEngine(configuration: configuration,
                                 database: database, ports: StationPorts(workers: workers, display: QuietDisplay()),
                                 logger: logger, nowMs: startMs)
    }

    /// A customer's item and WeChat code at the counter: the charge the engine hands its workers.
    static func codeSale(on engine: StationEngine, _ workers: HeldWorkers) throws -> PaymentRequest {
        engine.handle(.scan(milk), nowMs: startMs)
        engine.handle(.scan(wechatCode), nowMs: startMs + 1_000)
        return try #require(workers.charges.first)
    }

    @Test("an acquirer that has not answered never holds up the counter; its late answer pays the order")
    func slowAcquirerDoesNotBlock() throws {
        let data = try ScratchDirectory("engine-slow-acquirer")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try Self.engine(in: data.path, workers: workers)
        let charge = try Self.codeSale(on: engine, workers)
        #expect(engine.machine.order(charge.key.orderID)?.phase == .paying)

        // The operator keeps working while the charge is out: a credit account is opened from the shell.
        #expect(engine.submitFromShell(.openCreditAccount(9, limitFen: 10_000), nowMs: Self.startMs + 2_000))

        engine.inbox.report(.action(.paymentAnswered(charge.key, .approved)), atMs: Self.startMs + 8_000)
        engine.advance(toMs: Self.startMs + 8_000)
        #expect(engine.machine.order(charge.key.orderID)?.phase == .paid)
        #expect(workers.printJobs.count == 1, "the receipt goes to the printer worker once the payment is committed")

        engine.handle(.printed(jobID: workers.printJobs[0]), nowMs: Self.startMs + 9_000)
        #expect(engine.machine.order(charge.key.orderID)?.phase == .closed)
        #expect(try engine.journal.unconfirmedPrintJobs().isEmpty)
    }

    @Test("a charge whose answer never comes times out and is queried, without any input from the counter")
    func unansweredChargeIsQueried() throws {
        let data = try ScratchDirectory("engine-timeout")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try Self.engine(in: data.path, workers: workers)
        let charge = try Self.codeSale(on: engine, workers)
        engine.advance(toMs: Self.startMs + 1_000 + engine.configuration.paymentTimeoutMs)
        #expect(workers.started.contains { if case .query(let key, _) = $0 { key == charge.key } else { false } })
    }

    @Test("a receipt printed while the next customer is rung up closes its own order and leaves the current one")
    func printedReportClosesItsOwnOrder() throws {
        let data = try ScratchDirectory("engine-printed")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try Self.engine(in: data.path, workers: workers)
        engine.handle(.scan(Self.milk), nowMs: Self.startMs)
        engine.handle(.cash(fen: 10_000), nowMs: Self.startMs + 1_000)
        let first = try #require(engine.machine.currentOrderID)
        engine.handle(.scan(Self.milk), nowMs: Self.startMs + 2_000)
        let second = try #require(engine.machine.currentOrderID)
        #expect(first != second)

        engine.handle(.printed(jobID: try #require(workers.printJobs.first)), nowMs: Self.startMs + 3_000)
        #expect(engine.machine.order(first)?.phase == .closed)
        #expect(engine.machine.currentOrderID == second)
        #expect(engine.machine.order(second)?.phase == .open)
    }

    @Test("a broken invariant refuses the event, commits nothing and says why, in every build")
    func brokenInvariantCommitsNothing() throws {
        let data = try ScratchDirectory("engine-invariant")
        defer { data.remove() }
        let engine = try Self.engine(in: data.path, workers: HeldWorkers())
        engine.handle(.scan(Self.milk), nowMs: Self.startMs)
        let committed = engine.sequence
        let order = try #require(engine.machine.currentOrderID)
        engine.invariantCheck = { machine in machine.lines(of: order).count > 1 ? "two lines (test)" : nil }

        engine.handle(.scan(Self.milk), nowMs: Self.startMs + 1_000)
        #expect(engine.sequence == committed)
        #expect(try engine.journal.lastSequence() == committed)
        #expect(engine.lastMessageCode == "CHECK_FAILED")
        #expect(engine.lastMessage?.contains("two lines (test)") == true)
        #expect(engine.machine.lines(of: order).count == 1, "the machine is rebuilt from what was committed")
    }
}

@Suite("An authorisation left lying around")
struct AuthorisationLeftLyingAroundTests {
    @Test("after a refused void, Delete at the counter does not void another order with nobody authorising it")
    func refusedVoidEndsTheAuthorisation() throws {
        let data = try ScratchDirectory("authorisation")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try EngineStepTests.engine(in: data.path, workers: workers)
        let start = EngineStepTests.startMs
        engine.handle(.scan(EngineStepTests.milk), nowMs: start)
        engine.handle(.cash(fen: 10_000), nowMs: start + 1_000)
        let paid = try #require(engine.machine.currentOrderID)
        engine.handle(.scan(EngineStepTests.milk), nowMs: start + 2_000)
        let open = try #require(engine.machine.currentOrderID)

        // The shell's `orders void` on the open order: authorised, then refused (it is not paid).
        #expect(engine.submitFromShell(.authorise(Authorisation(role: .technician, staffID: 1)), nowMs: start + 3_000))
        #expect(!engine.submitFromShell(.voidOrder, nowMs: start + 3_000))
        #expect(engine.machine.authorisation == nil)

        // At the counter, within two minutes: the paid order, then Delete.
        #expect(engine.submitFromShell(.selectOrder(paid), nowMs: start + 30_000))
        engine.handle(.action(.voidOrder), nowMs: start + 31_000)
        #expect(engine.machine.order(paid)?.phase != .voided)
        #expect(engine.machine.order(open)?.phase == .open)
        #expect(try engine.journal.pendingOutbox().allSatisfy { $0.kind != "refund" })
    }
}

@Suite("Cash over the board's limit")
struct CashLimitTests {
    @Test("a cash tender over max_cash_tender_yuan is refused as a keying slip and nothing is committed")
    func hugeCashIsRefused() throws {
        let data = try ScratchDirectory("cash-limit")
        defer { data.remove() }
        let engine = try EngineStepTests.engine(in: data.path, workers: HeldWorkers())
        let start = EngineStepTests.startMs
        engine.handle(.scan(EngineStepTests.milk), nowMs: start)
        let committed = engine.sequence
        engine.handle(.cash(fen: 99_999_999_999_999), nowMs: start + 1_000)
        #expect(engine.lastMessageCode == "CASH_OVER_LIMIT")
        #expect(engine.sequence == committed)
        let order = try #require(engine.machine.currentOrderID)
        #expect(engine.machine.order(order)?.phase == .open)
        engine.handle(.cash(fen: engine.configuration.maxCashTenderFen), nowMs: start + 2_000)
        #expect(engine.machine.order(order)?.phase == .paid)
    }
}

@Suite("Payment keys never repeat")
struct MerchantOrderNumberTests {
    @Test("numbers fit both acquirers: at most 32 letters, digits and _, for any station id and the largest order")
    func numbersFitTheAcquirersRules() {
        for station in ["SIM-0001", "陇南-成县-0001", "a very long station identifier", "", "LN_01"] {
            let numbers = MerchantOrderNumbers(stationID: station, storeID: "Z9Z9Z9")
            let number = numbers.number(for: PaymentKey(orderID: .max, attempt: .max))
            #expect(number.utf8.count <= 32, "\(number)")
            #expect(number.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "\(number)")
        }
        #expect(MerchantOrderNumbers(stationID: "SIM-0001", storeID: "AB12CD").number(for: PaymentKey(orderID: 42, attempt: 1))
            == "SIM0001_AB12CD_42_1")
    }

    @Test("the number a charge went out under is in the books, and the gateway saw that number")
    func chargesGoOutUnderTheirMerchantNumber() throws {
        let data = try ScratchDirectory("merchant-numbers")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.scan(Array("6916018159088".utf8))
        session.scan(Array("134567890123456789".utf8))
        session.advance(toMs: session.clockMs + 5_000)
        let order = try #require(try session.journal.orders().last)
        let payment = try #require(try session.journal.payments(of: order.id).first { $0.method == "wechat" })
        let number = try #require(payment.merchantOrderNumber)
        #expect(number == session.engine.orderNumbers.number(for: PaymentKey(orderID: OrderID(order.id), attempt: 1)))
        #expect(number.hasPrefix("SIM0001_"))
        #expect(session.gateway.query(key: number, nowMs: session.clockMs) == .paid)
        #expect(session.gateway.query(key: "\(order.id)-1", nowMs: session.clockMs) == .notPaid)
    }
}

@Suite("No acquirer, no code payments")
struct NoAcquirerTests {
    @Test("a station with no acquirer refuses a payment code with a message and charges nothing; cash still works")
    func codeRefusedWithoutAcquirer() throws {
        let data = try ScratchDirectory("no-acquirer")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try EngineStepTests.engine(in: data.path, workers: workers, acceptsCodePayments: false)
        let start = EngineStepTests.startMs
        engine.handle(.scan(EngineStepTests.milk), nowMs: start)
        engine.handle(.scan(EngineStepTests.wechatCode), nowMs: start + 1_000)
        #expect(engine.lastMessageCode == "CODE_PAYMENTS_UNAVAILABLE")
        #expect(workers.charges.isEmpty)
        let order = try #require(engine.machine.currentOrderID)
        engine.handle(.cash(fen: 5_000), nowMs: start + 2_000)
        #expect(engine.machine.order(order)?.phase == .paid)
    }
}

@Suite("A late answer")
struct LateAnswerTests {
    @Test("an answer arriving after the query settled the charge shows the operator nothing and changes nothing")
    func lateApprovalAfterTheQuery() throws {
        let data = try ScratchDirectory("late-answer")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try EngineStepTests.engine(in: data.path, workers: workers)
        let start = EngineStepTests.startMs
        let charge = try EngineStepTests.codeSale(on: engine, workers)
        engine.advance(toMs: start + 1_000 + engine.configuration.paymentTimeoutMs)
        engine.handle(.action(.paymentQueried(charge.key, .notPaid)), nowMs: start + 40_000)
        let message = engine.lastMessageCode
        let committed = engine.sequence
        engine.handle(.action(.paymentAnswered(charge.key, .approved)), nowMs: start + 41_000)
        #expect(engine.lastMessageCode == message)
        #expect(engine.lastMessageCode != "UNKNOWN_PAYMENT")
        #expect(engine.sequence == committed)
        #expect(engine.machine.order(charge.key.orderID)?.phase == .totalled)
    }
}
