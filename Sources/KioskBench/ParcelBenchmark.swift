import Foundation
import KioskBoard
import KioskCore
import KioskEngine
import KioskSimulator
import KioskStore
import Logging

/// `parcels`: scan-to-label time at the parcel desk — a waybill scanned in arrival mode until its
/// label is in the printer's hands: the carrier recognised, a slot and code chosen from the store, the
/// entry with its row, label and message committed on a real SQLite file (synchronous=FULL, an fsync
/// per parcel) — with the villager's phone scanned before it, as a courier's sack goes. Shelves are
/// 9 × 9 layers of 120, so the store holds thousands of parcels by the end.
///
/// `KioskBench parcels [N]` (default 3,000 arrivals). Prints p50, p99 and the worst in ms, and the
/// arrivals an hour the desk could take at its p99 (a courier's pace is 300 an hour; the issue's bound
/// is 2 s a label).
enum ParcelBenchmark {
    static let defaultArrivals = 3_000

    static func run() -> Int32 {
        let arrivals = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? defaultArrivals
        do {
            let directory = try DurableBenchmark.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            var configuration = try StationConfiguration(board: try BoardLoader.locate().load("sim"))
            configuration.parcels = ParcelDeskSettings(shelves: ParcelShelves(shelves: 9, layers: 9, parcelsPerLayer: 120),
                                                       hold: ParcelHoldPolicy(), sendsMessages: true)
            let database = try KioskDatabase.open(dataDirectory: directory)
            defer { try? database.close() }
            let printer = AcceptingPrinterPort()
            let sms = SimulatedSMSPort()
            let workers = StationWorkers(payments: GatewayWorker(gateway: try SimulatedGatewayPort(ledgerPath: nil), placement: .inline,
                                                                 orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID,
                                                                                                    database: database)),
                                         printer: ImmediatePrinterWorker(printer: printer, drawer: SimulatedDrawerPort()))
            workers.messages = MessageWorker(port: sms, placement: .inline)
            var nowMs = SimulationSession.defaultDayStartMs + 8 * 3_600_000
            let engine = try StationEngine(configuration: configuration, database: database,
                                           ports: StationPorts(workers: workers, display: SimulatedDisplayPort()),
                                           logger: logger, nowMs: nowMs)
            let desk = try ParcelDesk(engine: engine, database: database, settings: configuration.parcels, nowMs: nowMs)
            desk.mode = .arrival
            var latenciesMs: [Double] = []
            latenciesMs.reserveCapacity(arrivals)
            let clock = ContinuousClock()
            for index in 0 ..< arrivals {
                engine.handle(.scan(ScannedCode(content: Array(phone(index).utf8))), nowMs: nowMs)
                nowMs += 1_000
                let before = printer.jobs
                let start = clock.now
                engine.handle(.scan(ScannedCode(content: Array(waybill(index).utf8))), nowMs: nowMs)
                latenciesMs.append(DurableBenchmark.seconds(clock.now - start) * 1_000)
                guard printer.jobs == before + 1, engine.lastMessageCode == "PARCEL_ARRIVED" else {
                    throw BenchFailure("arrival \(index): \(engine.lastMessage ?? "no label")")
                }
                nowMs += 1_000
            }
            guard sms.sent.count == arrivals, try ParcelStore(database: database).violations().isEmpty else {
                throw BenchFailure("\(sms.sent.count) messages for \(arrivals) arrivals, or the books disagree")
            }
            latenciesMs.sort()
            let p50 = latenciesMs[latenciesMs.count / 2]
            let p99 = latenciesMs[min(latenciesMs.count - 1, latenciesMs.count * 99 / 100)]
            print("parcels: \(arrivals) arrivals scanned in arrival mode (phone, then waybill), synchronous=FULL, files under \(directory)")
            print("scan_to_label_p50_ms \(String(format: "%.2f", p50))")
            print("scan_to_label_p99_ms \(String(format: "%.2f", p99))")
            print("scan_to_label_max_ms \(String(format: "%.2f", latenciesMs.last!))")
            print("arrivals_per_hour_at_p99 \(Int(3_600_000 / max(p99, 0.001)))")
            return 0
        } catch {
            print("parcels: \(error)")
            return 1
        }
    }

    static func phone(_ index: Int) -> String {
        let digits = String(index % 100_000_000)
        return "138" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// ZTO, YTO and SF numbers in turn, each one different.
    static func waybill(_ index: Int) -> String {
        let digits = String(index)
        let padded = String(repeating: "0", count: 12 - digits.count) + digits
        switch index % 3 {
        case 0: return "75" + padded
        case 1: return "YT1" + padded
        default: return "SF1" + padded
        }
    }
}
