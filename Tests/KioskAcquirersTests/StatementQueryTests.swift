import Dispatch
import Foundation
import KioskAcquirers
import KioskBoard
import KioskCore
import KioskStore
import Logging
import Testing
@testable import KioskEngine

/// The payments a provider's statement disagrees on, asked about through the real adapters (WeChat Pay's
/// orderquery, Alipay's trade.query) against the loopback peers, by the station's statement query worker.
@Suite("Statement mismatches queried through the real acquirers")
struct StatementQueryTests {
    @Test("the adapter answers a statement query by the merchant order number: paid, or no such order", arguments: Provider.allCases)
    func adapterAnswers(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "success")
        defer { run.stop() }
        let queries = try #require(run.acquirer as? any StatementMismatchQueries)
        let statement = ProviderStatement.Provider(rawValue: provider.rawValue)!
        #expect(queries.statementProviders == [statement])
        #expect(run.acquirer.charge(key: "ELSEWHERE_9_1", code: provider.code, amountFen: 1_234, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(queries.queryMismatch(merchantOrderNo: "ELSEWHERE_9_1", provider: statement) == .paid)
        #expect(queries.queryMismatch(merchantOrderNo: "NOWHERE_9_1", provider: statement) == .notPaid)
        let asked = run.requests(run.queryName)
        #expect(asked.count == 2 && asked.allSatisfy { $0.contains(" verified ") }, "\(asked)")
    }

    @Test("a station journals each mismatch, asks the acquirer off its loop, and journals every answer", arguments: Provider.allCases)
    func stationResolvesMismatches(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "success")
        defer { run.stop() }
        let statementProvider = ProviderStatement.Provider(rawValue: provider.rawValue)!
        let station = StationOnLoop()
        let database = try KioskDatabase.open(dataDirectory: run.directory.file("data"))
        _ = try CatalogImporter(database: database)
            .importCSV(atPath: AcquirerStationTests.boards.appendingPathComponent("sim/catalog.csv").path)
        let configuration = try StationConfiguration(board: try BoardLoader(boardsDirectory: AcquirerStationTests.boards).load("sim"))
        let paperless = PaperlessCounter()
        let workers = StationWorkers(
            payments: GatewayWorker(gateway: run.acquirer, placement: .offLoop(station.hop),
                                    orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            printer: ImmediatePrinterWorker(printer: paperless, drawer: paperless))
        workers.statements = StatementQueryWorker.answering(run.acquirer, placement: .offLoop(station.hop))
        #expect(workers.statements != nil, "the real adapter answers statement queries")
        var logger = Logger(label: "statement-test")
        logger.logLevel = .critical
        let saleMs = StationOnLoop.wallMs() - 1_000
        try station.loop.sync {
            let engine = try StationEngine(configuration: configuration, database: database,
                                           ports: StationPorts(workers: workers, display: QuietDisplay()),
                                           logger: logger, nowMs: saleMs)
            station.engine = engine
            engine.handle(.scan(AcquirerStationTests.milk), nowMs: saleMs)
            engine.handle(.scan(ScannedCode(content: Array(provider.code.digits.text.utf8))), nowMs: saleMs + 500)
        }
        #expect(station.hopped.wait(timeout: .now() + 30) == .success, "the charge was answered")

        // Charged at the provider under a number the station never used; and a number nobody charged.
        #expect(run.acquirer.charge(key: "ELSEWHERE_1_1", code: provider.code, amountFen: 700, nowMs: 0)
            == .answered(.approved, atMs: 0))
        let date = DayCloseService.businessDate(atMs: saleMs)
        let records = DayCloseRecords(database: database)
        let start = DayCloseService.startMs(of: date)
        let stationPayment = try #require(try records.providerPayments(method: provider.rawValue, fromMs: start,
                                                                       toMs: start + 86_400_000).first)
        // The statement leaves the station's payment out and lists the other two.
        let statement = [ProviderStatement.Line(merchantOrderNo: "ELSEWHERE_1_1", amountFen: 700, isRefund: false),
                         ProviderStatement.Line(merchantOrderNo: "NOWHERE_1_1", amountFen: 300, isRefund: false)]
        let imported = try station.loop.sync {
            let engine = try #require(station.engine)
            let imported = try DayCloseService(engine: engine, database: database)
                .matchStatement(statement, provider: statementProvider, businessDate: date, nowMs: StationOnLoop.wallMs())
            let stored = try records.statementMismatches(businessDate: date)
            #expect(stored.count == 3 && stored.allSatisfy { $0.answer == nil },
                    "journaled at once; the answers come later, from the worker, never from the loop itself")
            return imported
        }
        #expect(imported.journaled == 3 && imported.queried == 3)
        for _ in 0 ..< 3 {
            #expect(station.hopped.wait(timeout: .now() + 30) == .success, "an answer hopped back onto the loop")
        }
        let answered = try station.loop.sync { try records.statementMismatches(businessDate: date) }
        let byNumber = Dictionary(uniqueKeysWithValues: answered.map { ($0.mismatch.merchantOrderNo, $0) })
        #expect(byNumber[stationPayment.merchantOrderNo]?.mismatch.kind == .missingAtProvider)
        #expect(byNumber[stationPayment.merchantOrderNo]?.answer == .paid, "the provider took it: its statement left it out")
        #expect(byNumber["ELSEWHERE_1_1"]?.mismatch.kind == .missingHere)
        #expect(byNumber["ELSEWHERE_1_1"]?.answer == .paid, "charged at the provider, unknown at the station")
        #expect(byNumber["NOWHERE_1_1"]?.answer == .notPaid)
        let asked = run.requests(run.queryName)
        for number in ["ELSEWHERE_1_1", "NOWHERE_1_1", stationPayment.merchantOrderNo] {
            #expect(asked.contains { $0.hasSuffix(" \(number)") && $0.contains(" verified ") }, "\(number) asked: \(asked)")
        }
        // Each answer is a journal entry of its own: the audit holds every row to the newest one about it.
        #expect(try station.loop.sync { try DayCloseAudit(database: database, configuration: configuration).mismatches() }.isEmpty)
        try station.loop.sync { try database.close() }
    }
}
