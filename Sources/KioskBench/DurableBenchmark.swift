import Foundation
import KioskBoard

import KioskEngine
import KioskSimulator
@_spi(Benchmark) import KioskStore
import Logging

/// `durable`: complete sales per second on a real SQLite file with `synchronous=FULL` — three scans,
/// a payment-code charge and the printed receipt — through the real ``StationEngine`` with the
/// simulated gateway and a printer that takes the receipt bytes at once (the simulated printer's
/// ESC/POS interpreter would be measured otherwise, which a real USB printer does not cost), side
/// by side with ``RawSQLiteSales``, the same rows written through the SQLite C API with prepared
/// statements in the transactions a sale needs.
enum DurableBenchmark {
    static let defaultSales = 1000
    static let barcodes = ["6916018159088", "6931318609132", "6909960308246"]

    /// Rounds of engine and baseline, taken in turn: fsync latency on a shared disk drifts by tens of
    /// percent over a minute, and alternating gives both sides the same disk.
    static let rounds = 10

    static func run() -> Int32 {
        let sales = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? defaultSales
        do {
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let perRound = max(1, sales / rounds)
            var engine = SalesRun()
            var baseline = SalesRun()
            var transactions = 0.0
            for round in 0 ..< rounds {
                let engineRound = try engineSales(sales: perRound, directory: directory + "/engine-\(round)")
                engine.add(engineRound.run)
                transactions = engineRound.transactions
                baseline.add(try RawSQLiteSales.sales(sales: perRound, directory: directory + "/baseline-\(round)"))
            }
            let engineRate = engine.salesPerSecond
            let baselineRate = baseline.salesPerSecond
            print("durable: \(perRound * rounds) sales each in \(rounds) alternating rounds, synchronous=FULL, WAL, files under \(directory)")
            print("durable: engine \(format(transactions)) commits per sale, baseline \(RawSQLiteSales.transactionsPerSale)")
            // Both write the same pages with the same fsyncs: what separates them is the CPU spent between fsyncs.
            print("durable: user CPU per sale: engine \(format(engine.userCPUMsPerSale)) ms, "
                + "baseline \(format(baseline.userCPUMsPerSale)) ms")
            print("sales_per_s \(format(engineRate))")
            print("baseline_sales_per_s \(format(baselineRate))")
            print("ratio \(format(engineRate / baselineRate))")
            return 0
        } catch {
            print("durable: \(error)")
            return 1
        }
    }

    /// Sales through the engine with simulated devices and gateway: scan three items, scan a
    /// customer's code, let the gateway approve and the printer confirm the receipt.
    static func engineSales(sales: Int, directory: String, tender: Tender = .code) throws -> (run: SalesRun, transactions: Double) {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let configuration = try StationConfiguration(board: try BoardLoader.locate().load("sim"))
        let database = try KioskDatabase.open(dataDirectory: directory)
        defer { try? database.close() }
        _ = try CatalogImporter(database: database).importCSV(bytes: Array(RawSQLiteSales.catalogCSV(barcodes: barcodes).utf8))
        let printer = AcceptingPrinterPort()
        let ports = StationPorts(
            workers: StationWorkers(payments: GatewayWorker(gateway: try SimulatedGatewayPort(ledgerPath: nil),
                                                            placement: .inline,
                                                            orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID,
                                                                                               database: database)),
                                    printer: ImmediatePrinterWorker(printer: printer, drawer: SimulatedDrawerPort())),
            display: SimulatedDisplayPort())
        var nowMs = SimulationSession.defaultDayStartMs + 8 * 3_600_000
        let engine = try StationEngine(configuration: configuration, database: database, ports: ports,
                                       logger: logger, nowMs: nowMs)
        let commits = CommitCounter()
        try database.withWriterConnection { connection in commits.attach(to: connection) }
        let measurement = SalesRun.Measurement()
        for sale in 0 ..< sales {
            for barcode in barcodes {
                engine.handle(.scan(ScannedCode(content: Array(barcode.utf8))), nowMs: nowMs)
                nowMs += 1_000
            }
            switch tender {
            case .code: engine.handle(.scan(ScannedCode(content: Array(paymentCode(sale).utf8))), nowMs: nowMs)
            case .cash: engine.handle(.cash(fen: 1_000_000), nowMs: nowMs)
            }
            nowMs += 2_000
            engine.advance(toMs: nowMs)
            guard engine.storageProblem == nil else { throw BenchFailure("the store refused sale \(sale)") }
        }
        let run = measurement.finish(sales: sales)
        guard printer.jobs == sales else { throw BenchFailure("\(printer.jobs) receipts printed for \(sales) sales") }
        let books = StationBooks(database: database)
        guard (try books.ordersByState()["closed"] ?? 0) == sales, try books.violations().isEmpty else {
            throw BenchFailure("the engine did not close \(sales) clean sales: \(try books.ordersByState())")
        }
        return (run, Double(commits.count) / Double(sales))
    }

    /// How the bench's customers pay.
    enum Tender: String {
        case code
        case cash
    }

    /// `syncs cash|code N`: N sales of one kind through the engine and nothing else, for
    /// `scripts/bench durable` to count the fsync and fdatasync calls they make under strace
    /// (against a run of 0 sales, which counts opening and filling the store).
    static func salesForSyncCount() -> Int32 {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        guard arguments.count == 2, let tender = Tender(rawValue: arguments[0]), let sales = Int(arguments[1]) else {
            print("usage: KioskBench syncs cash|code SALES")
            return 64
        }
        do {
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            _ = try engineSales(sales: sales, directory: directory + "/engine", tender: tender)
            return 0
        } catch {
            print("syncs: \(error)")
            return 1
        }
    }

    /// A WeChat-style payment code, different for every sale.
    static func paymentCode(_ sale: Int) -> String {
        let digits = String(sale)
        return "13" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-bench-durable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

/// Sales made, the wall time they took and the user CPU the process spent on them (all threads).
struct SalesRun {
    var sales = 0
    var seconds = 0.0
    var userCPUSeconds = 0.0

    var salesPerSecond: Double { Double(sales) / seconds }
    var userCPUMsPerSale: Double { userCPUSeconds * 1000 / Double(sales) }

    mutating func add(_ other: SalesRun) {
        sales += other.sales
        seconds += other.seconds
        userCPUSeconds += other.userCPUSeconds
    }

    /// Started where the timed part of a run begins.
    struct Measurement {
        private let clock = ContinuousClock()
        private let start: ContinuousClock.Instant
        private let startCPU = Measurement.userCPUSeconds()

        init() {
            start = clock.now
        }

        func finish(sales: Int) -> SalesRun {
            SalesRun(sales: sales, seconds: DurableBenchmark.seconds(clock.now - start),
                     userCPUSeconds: Self.userCPUSeconds() - startCPU)
        }

        private static func userCPUSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        }
    }
}

/// A benchmark that could not run as intended.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A printer that confirms every receipt at once and counts them.
final class AcceptingPrinterPort: ReceiptPrinterPort {
    private(set) var jobs = 0

    func print(_ bytes: [UInt8], nowMs: Int64) -> PrintOutcome {
        jobs += 1
        return .confirmed
    }
}
