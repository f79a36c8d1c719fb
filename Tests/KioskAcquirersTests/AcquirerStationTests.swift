import Dispatch
import Foundation
import KioskAcquirers
import KioskBoard
import KioskCore
import KioskStore
import Logging
import Testing
@testable import KioskEngine

/// A receipt printer and drawer that take everything at once.
final class PaperlessCounter: ReceiptPrinterPort, CashDrawerPort {
    func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome { .confirmed }
    func kick(nowMs: Int64) {}
}

/// The engine on a loop of its own, as a hardware station runs it: the gateway worker's answers hop back
/// onto the loop, and the test waits for each hop (never for a length of time).
final class StationOnLoop: @unchecked Sendable {
    let loop = DispatchQueue(label: "test.station.loop")
    let hopped = DispatchSemaphore(value: 0)
    var engine: StationEngine?

    static func wallMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    var hop: LoopHop {
        { [self] report in
            loop.async {
                let nowMs = Self.wallMs()
                report(nowMs)
                self.engine?.advance(toMs: nowMs)
                self.hopped.signal()
            }
        }
    }
}

@Suite("A station with a real acquirer")
struct AcquirerStationTests {
    static let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("boards")
    static let milk = ScannedCode(content: Array("6916018159088".utf8))

    /// Rings up a carton of milk and tenders `provider`'s code at an engine whose gateway worker calls the
    /// adapter of a peer playing `outcome`; returns the order's phase once the worker has answered.
    static func codeSale(_ provider: Provider, outcome: String) throws -> (OrderPhase?, PeerAndAdapter) {
        let run = try PeerAndAdapter(provider, outcome: outcome)
        let station = StationOnLoop()
        let database = try KioskDatabase.open(dataDirectory: run.directory.file("data"))
        _ = try CatalogImporter(database: database).importCSV(atPath: boards.appendingPathComponent("sim/catalog.csv").path)
        let configuration = try StationConfiguration(board: try BoardLoader(boardsDirectory: boards).load("sim"))
        let paperless = PaperlessCounter()
        let workers = StationWorkers(
            payments: GatewayWorker(gateway: run.acquirer, placement: .offLoop(station.hop),
                                    orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            printer: ImmediatePrinterWorker(printer: paperless, drawer: paperless))
        var logger = Logger(label: "station-test")
        logger.logLevel = .critical
        let order: OrderID? = try station.loop.sync {
            // A second ago, so the code's charge is not dated after the worker's answer hops back.
            let nowMs = StationOnLoop.wallMs() - 1_000
            let engine = try StationEngine(configuration: configuration, database: database,
                                           ports: StationPorts(workers: workers, display: QuietDisplay()),
                                           logger: logger, nowMs: nowMs)
            station.engine = engine
            engine.handle(.scan(milk), nowMs: nowMs)
            let order = engine.machine.currentOrderID
            engine.handle(.scan(ScannedCode(content: Array(provider.code.digits.text.utf8))), nowMs: nowMs + 500)
            return order
        }
        #expect(station.hopped.wait(timeout: .now() + 30) == .success, "the gateway worker answered")
        let phase = station.loop.sync { order.flatMap { station.engine?.machine.order($0)?.phase } }
        try station.loop.sync { try database.close() }
        return (phase, run)
    }

    @Test("a code sale through the acquirer pays the order, and the receipt closes it", arguments: Provider.allCases)
    func codeSalePays(_ provider: Provider) throws {
        let (phase, run) = try Self.codeSale(provider, outcome: "success")
        defer { run.stop() }
        #expect(phase == .closed)
        #expect(run.requests(run.chargeName).count == 1)
        #expect(run.requests(run.chargeName).allSatisfy { $0.contains(" verified ") })
    }

    @Test("a code the acquirer declines leaves the order unpaid, waiting for another tender", arguments: Provider.allCases)
    func declinedSaleIsNotPaid(_ provider: Provider) throws {
        let (phase, run) = try Self.codeSale(provider, outcome: "decline")
        defer { run.stop() }
        #expect(phase == .totalled)
    }

    @Test("a charge answered with a bad signature never pays the order", arguments: Provider.allCases)
    func forgedAnswerDoesNotPay(_ provider: Provider) throws {
        let (phase, run) = try Self.codeSale(provider, outcome: "badsign")
        defer { run.stop() }
        #expect(phase == .paying, "still waiting: the engine's timeout and query take over")
    }
}

/// A display that keeps nothing.
final class QuietDisplay: OperatorDisplayPort {
    func show(_ text: String, nowMs: Int64) {}
}
