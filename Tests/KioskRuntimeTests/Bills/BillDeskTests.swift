import Foundation
import KioskCore
import KioskDevices
import KioskSimulation
import Logging
import Testing
@testable import KioskEngine
@testable import KioskSimulator
@testable import KioskStore

/// A station whose acquirer, printer, drawer and biller are the simulation's, answering at the simulated instant.
final class BillStation {
    let gateway: SimulatedGatewayPort
    let printer = SimulatedPrinterPort(paperWidthDots: 384)
    let drawer = SimulatedDrawerPort()
    let biller: SimulatedBillerPort
    let engine: StationEngine
    let directory: String

    init(in directory: String, biller: SimulatedBillerPort? = nil, nowMs: Int64 = EngineStepTests.startMs,
         configure: (inout StationConfiguration) -> Void = { _ in }) throws {
        self.directory = directory
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let database = try KioskDatabase.open(dataDirectory: directory)
        _ = try CatalogImporter(database: database).importCSV(atPath: Repository.simCatalog)
        var configuration = try StationConfiguration(board: try Repository.board())
        configure(&configuration)
        gateway = try SimulatedGatewayPort(ledgerPath: nil)
        self.biller = biller ?? SimulatedBillerPort(billers: configuration.billers)
        let workers = StationWorkers(
            payments: GatewayWorker(gateway: gateway, placement: .inline,
                                    orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            printer: ImmediatePrinterWorker(printer: printer, drawer: drawer),
            billers: BillerWorker(port: self.biller, placement: .inline))
        engine = try StationEngine(configuration: configuration, database: database,
                                   ports: StationPorts(workers: workers, display: QuietDisplay()), logger: logger, nowMs: nowMs)
    }

    /// Looks `account` up at `billerCode` and opens its bill for `amountFen` (nil: the amount due).
    func open(_ billerCode: String, _ account: String, amountFen: Int64? = nil, atMs: Int64) throws -> Bill {
        #expect(engine.bills.lookUp(billerCode: billerCode, account: account, nowMs: atMs) == nil)
        let id = try engine.bills.open(amountFen: amountFen, nowMs: atMs).get()
        return try #require(engine.bills.bill(id))
    }

    /// The text of every paper printed, oldest first.
    var papers: [String] { printer.printer.recentReceipts.map { $0.textLines.joined(separator: "\n") } }
}

@Suite("Bills at the counter: the money taken, the biller paid once, proof or refund")
struct BillDeskTests {
    static let startMs = EngineStepTests.startMs

    @Test("an electricity bill paid in cash: the biller is paid under the bill's key and the proof carries its reference")
    func electricityBillInCash() throws {
        let data = try ScratchDirectory("bill-cash")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        let bill = try station.open("sgcc", "3301234567", atMs: Self.startMs)
        #expect(bill.phase == .awaitingCounter && bill.rule == .exact)
        #expect(station.engine.lastMessageCode == "LINES_CHANGED")
        station.engine.handle(.cash(fen: bill.amountFen + 1_000), nowMs: Self.startMs + 1_000)
        let paid = try #require(station.engine.bills.bill(bill.id))
        #expect(paid.phase == .succeeded)
        #expect(station.biller.biller.paidCount == 1 && station.biller.biller.paidFen == bill.amountFen)
        let proof = try #require(station.papers.last)
        #expect(proof.contains("缴费凭证") && proof.contains(paid.reference!) && proof.contains("******4567"))
        #expect(!proof.contains("3301234567"), "the account is printed masked")
        #expect(station.printer.printer.recentReceipts.last?.elements.contains { if case .qrCode = $0 { true } else { false } } == true)
        #expect(station.engine.lastMessageCode == "BILL_PAID")
    }

    @Test("a top-up the biller keeps pending prints the 处理中 slip, is queried on schedule, and its proof comes later")
    func pendingTopUpThenSuccess() throws {
        let data = try ScratchDirectory("bill-pending")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        station.biller.enqueue(.pending(queries: 2, succeeds: true))
        let bill = try station.open("cmcc", "13812345678", amountFen: 5_000, atMs: Self.startMs)
        station.engine.handle(.cash(fen: 5_000), nowMs: Self.startMs + 1_000)
        #expect(station.engine.bills.bill(bill.id)?.phase == .pending)
        #expect(station.papers.last?.contains("处理中") == true && station.papers.last?.contains("本单不是缴费凭证") == true)
        #expect(station.engine.bills.pendingBills().map(\.id) == [bill.id])
        let firstQuery = try #require(station.engine.bills.nextQueryAtMs(bill.id))
        #expect(firstQuery - (Self.startMs + 1_000) <= station.engine.configuration.billPolicy.pendingQueryLimitMs)
        station.engine.advance(toMs: firstQuery)
        #expect(station.engine.bills.bill(bill.id)?.phase == .pending, "the first query still finds it processing")
        let secondQuery = try #require(station.engine.bills.nextQueryAtMs(bill.id))
        station.engine.advance(toMs: secondQuery)
        let paid = try #require(station.engine.bills.bill(bill.id))
        #expect(paid.phase == .succeeded && paid.queries == 2)
        #expect(station.papers.last?.contains("缴费凭证") == true)
        #expect(station.engine.bills.nextQueryAtMs(bill.id) == nil)
        #expect(station.engine.bills.reprint(account: "13812345678", nowMs: secondQuery + 60_000) == 1)
        #expect(station.papers.last?.contains("补打") == true && station.papers.last?.contains(paid.reference!) == true)
    }

    @Test("a bill the biller refuses goes back the way it was paid — cash and code — with a slip; a late success is flagged")
    func failureRefundedSplit() throws {
        let data = try ScratchDirectory("bill-failed")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        station.biller.enqueue(.fail(reason: "户号已销户"))
        let bill = try station.open("sgcc", "3301234567", atMs: Self.startMs)
        let kicksBefore = station.drawer.kicks
        station.engine.handle(.cash(fen: 1_000), nowMs: Self.startMs + 1_000)
        station.engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 2_000)
        let refunded = try #require(station.engine.bills.bill(bill.id))
        #expect(refunded.phase == .refunded && refunded.failureReason == "户号已销户")
        #expect(station.gateway.gateway.balanceFen == 0, "the code's part went back through the acquirer")
        #expect(station.drawer.kicks >= kicksBefore + 2, "the drawer opened for the cash taken and for the cash given back")
        let slip = try #require(station.papers.last)
        #expect(slip.contains("退款") && slip.contains("户号已销户") && slip.contains(ReceiptBuilder.money(fen: 1_000)))
        #expect(try station.engine.journal.pendingOutbox().filter { $0.kind == "bill-refund" }.isEmpty)

        station.engine.handle(.bill(.answered(billID: bill.id, .succeeded(reference: "LATE1"))), nowMs: Self.startMs + 60_000)
        let flagged = try #require(station.engine.bills.bill(bill.id))
        #expect(flagged.phase == .refunded && flagged.flag?.contains("LATE1") == true)
        #expect(station.engine.lastMessageCode == "BILL_FLAGGED")
        let sequence = station.engine.sequence
        station.engine.handle(.bill(.answered(billID: bill.id, .succeeded(reference: "LATE1"))), nowMs: Self.startMs + 61_000)
        #expect(station.engine.sequence == sequence, "a repeated late answer journals nothing")
    }

    @Test("lost and repeated answers: the bill is queried, paid once, proved once")
    func lostAndDuplicateAnswers() throws {
        let data = try ScratchDirectory("bill-lost")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        station.biller.enqueue(.loseRequest)
        station.biller.enqueue(.duplicateAnswer)
        let bill = try station.open("water", "88001234", amountFen: 9_000, atMs: Self.startMs)
        station.engine.handle(.cash(fen: 9_000), nowMs: Self.startMs + 1_000)
        #expect(station.engine.bills.bill(bill.id)?.phase == .sent)
        let query = try #require(station.engine.bills.nextQueryAtMs(bill.id))
        station.engine.advance(toMs: query + 5_000)
        let paid = try #require(station.engine.bills.bill(bill.id))
        #expect(paid.phase == .succeeded)
        #expect(station.biller.biller.paidCount == 1)
        #expect(station.papers.filter { $0.contains("缴费凭证") }.count == 1, "the repeated answer prints no second proof")
        #expect(try station.engine.journal.pendingOutbox().filter { $0.kind.hasPrefix("bill-") }.isEmpty,
                "the lost payment's request is done once the bill is settled")
    }

    @Test("after kill -9 with the biller's answer lost, the bill is queried at start and never paid twice")
    func recoveryQueriesInFlight() throws {
        let data = try ScratchDirectory("bill-recovery")
        defer { data.remove() }
        let biller = SimulatedBillerPort(billers: StationConfiguration.standardBillers)
        let billID: Int64
        do {
            let station = try BillStation(in: data.path, biller: biller)
            biller.enqueue(.loseAnswer)
            billID = try station.open("sgcc", "3301234567", atMs: Self.startMs).id
            station.engine.handle(.cash(fen: 100_000), nowMs: Self.startMs + 1_000)
            #expect(station.engine.bills.bill(billID)?.phase == .sent)
        }
        let restarted = try BillStation(in: data.path, biller: biller, nowMs: Self.startMs + 20_000)
        let bill = try #require(restarted.engine.bills.bill(billID))
        #expect(bill.phase == .succeeded, "the query at start finds the payment the biller took")
        #expect(biller.biller.paidCount == 1)
        #expect(try BillAudit(database: KioskDatabase.open(dataDirectory: data.path)).violations().isEmpty)
    }

    @Test("the board lists the billers and sets the pending limit the query schedule never exceeds")
    func boardSetsBillersAndLimit() throws {
        let configuration = try StationConfiguration(board: try Repository.board())
        #expect(configuration.billers.map(\.code) == ["sgcc", "water", "cmcc", "nrsi"])
        #expect(configuration.billers.map(\.kind) == [.electricity, .water, .phoneCredit, .socialInsurance])
        #expect(configuration.billPolicy.pendingQueryLimitMs == 600_000 && configuration.billPolicy.maxAmountFen == 500_000)
    }

    @Test("an unknown biller, an account the biller does not know, and an amount against the rule open nothing")
    func refusalsOpenNothing() throws {
        let data = try ScratchDirectory("bill-refusals")
        defer { data.remove() }
        let station = try BillStation(in: data.path)
        #expect(station.engine.bills.lookUp(billerCode: "xyz", account: "3301234567", nowMs: Self.startMs) == .unknownBiller)
        #expect(station.engine.lastMessageCode == "BILL_REFUSED")
        #expect(station.engine.bills.lookUp(billerCode: "sgcc", account: "0001234567", nowMs: Self.startMs) == nil)
        #expect(station.engine.lastMessageCode == "BILL_ACCOUNT_NOT_FOUND")
        #expect(station.engine.bills.open(amountFen: nil, nowMs: Self.startMs) == .failure(.notLookedUp))
        #expect(station.engine.bills.lookUp(billerCode: "sgcc", account: "3301234567", nowMs: Self.startMs) == nil)
        guard case .failure(.amountMustBeExact) = station.engine.bills.open(amountFen: 100, nowMs: Self.startMs) else {
            Issue.record("an electricity bill took an amount other than the one due")
            return
        }
        #expect(station.engine.machine.currentOrderID == nil, "no counter order was opened")
        #expect(station.engine.bills.allBills().isEmpty)
    }
}
