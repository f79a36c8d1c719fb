import Dispatch
import Foundation
import KioskAcquirers
import KioskBoard
import KioskCore
import KioskStore
import Logging
import Testing
@testable import KioskEngine

/// A payment QR (扫码付) at a station engine whose gateway worker calls a real adapter, off the loop, against
/// its loopback peer: the QR shows, polls find it paid, or the operator's cancel closes it at the provider.
/// The test moves the loop's clock to each poll and waits for each answer to hop back (never for a time).
@Suite("A station's payment QR through a real acquirer")
struct AcquirerStationQRTests {
    /// A station on its own loop with a carton of milk totalled, its QR asked for from `provider`'s peer
    /// playing `outcome`; returns once the peer's QR is shown.
    final class QRSale {
        let run: PeerAndAdapter
        let station = StationOnLoop()
        let database: KioskDatabase
        let order: OrderID
        /// The loop's clock as the test moves it ahead of the wall clock the answers hop back at.
        private(set) var clockMs: Int64

        init(_ provider: Provider, outcome: String) throws {
            run = try PeerAndAdapter(provider, outcome: outcome)
            let station = station
            let database = try KioskDatabase.open(dataDirectory: run.directory.file("data"))
            self.database = database
            let boards = AcquirerStationTests.boards
            _ = try CatalogImporter(database: database).importCSV(atPath: boards.appendingPathComponent("sim/catalog.csv").path)
            let configuration = try StationConfiguration(board: try BoardLoader(boardsDirectory: boards).load("sim"))
            let paperless = PaperlessCounter()
            let workers = StationWorkers(
                payments: GatewayWorker(gateway: run.acquirer, placement: .offLoop(station.hop),
                                        orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
                printer: ImmediatePrinterWorker(printer: paperless, drawer: paperless))
            var logger = Logger(label: "station-qr-test")
            logger.logLevel = .critical
            let startMs = StationOnLoop.wallMs() - 1_000
            clockMs = startMs
            order = try station.loop.sync {
                let engine = try StationEngine(configuration: configuration, database: database,
                                               ports: StationPorts(workers: workers, display: QuietDisplay()),
                                               logger: logger, nowMs: startMs)
                station.engine = engine
                engine.handle(.scan(AcquirerStationTests.milk), nowMs: startMs)
                engine.handle(.action(.command(provider == .wechat ? .presentWeChatQR : .presentAlipayQR)), nowMs: startMs)
                return try #require(engine.machine.currentOrderID)
            }
            #expect(answered(), "the QR came back")
        }

        /// Waits for the gateway worker's next answer to hop onto the loop.
        func answered() -> Bool {
            station.hopped.wait(timeout: .now() + 30) == .success
        }

        /// Moves the loop's clock `ms` past the later of its last time and the wall clock (a poll falls due),
        /// and handles what is due.
        func advance(byMs ms: Int64) {
            clockMs = max(clockMs, StationOnLoop.wallMs()) + ms
            let nowMs = clockMs
            station.loop.sync { station.engine?.advance(toMs: nowMs) }
        }

        func onLoop<Value>(_ body: (StationEngine) -> Value) -> Value {
            station.loop.sync { body(station.engine!) }
        }

        func stop() {
            station.loop.sync { try? database.close() }
            run.stop()
        }
    }

    @Test("the QR shows, the second poll finds it paid, and the order closes with its receipt", arguments: Provider.allCases)
    func paid(_ provider: Provider) throws {
        let sale = try QRSale(provider, outcome: "qr_paid")
        defer { sale.stop() }
        let shown = sale.onLoop { $0.presentedQR?.text }
        #expect(shown?.hasPrefix(provider == .wechat ? "weixin://wxpay/bizpayurl?pr=" : "https://qr.alipay.com/") == true)
        for _ in 0 ..< 2 {
            sale.advance(byMs: GatewayWorker.qrPollIntervalMs)
            #expect(sale.answered(), "the poll was answered")
        }
        sale.advance(byMs: 1)
        #expect(sale.onLoop { $0.machine.order(sale.order)?.phase } == .closed)
        #expect(sale.onLoop { $0.presentedQR } == nil)
        #expect(sale.run.requests(sale.run.presentQRName).count == 1)
        #expect(sale.run.peer.requests.allSatisfy { $0.contains(" verified ") })
    }

    @Test("the operator's cancel closes the QR at the provider; the order stays totalled", arguments: Provider.allCases)
    func cancelled(_ provider: Provider) throws {
        let sale = try QRSale(provider, outcome: "qr_unpaid")
        defer { sale.stop() }
        sale.advance(byMs: GatewayWorker.qrPollIntervalMs)
        #expect(sale.answered(), "the poll was answered")
        let nowMs = sale.clockMs
        sale.onLoop { $0.handle(.action(.command(.cancel)), nowMs: nowMs) }
        #expect(sale.answered(), "the close was answered")
        sale.advance(byMs: 1)
        #expect(sale.onLoop { $0.machine.order(sale.order)?.phase } == .totalled)
        #expect(sale.onLoop { $0.machine.pendingPaymentCount } == 0)
        #expect(sale.run.requests(sale.run.closeQRName).count == 1)
    }
}
