import ArgumentParser
import Foundation
import KioskCore
import KioskStore
import KioskUplink
import KioskUplinkWire

/// `kiosk-fleet`: thousands of station uplinks driven from one process by scripts/fleet, each with its
/// own SQLite store and the station's own uplink code (``UplinkClient``, ``UplinkBackoff``), over
/// simulated hours: every hour each station sells, and uploads unless its link is down for the hour
/// (seeded partitions lasting hours). At the end every station drains.
@main
struct FleetTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-fleet",
        abstract: "Station uplinks in bulk: scripts/fleet's driver and scripts/bench hub's load.",
        subcommands: [FleetCommand.self, HubLoadCommand.self])
}

struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drive",
        abstract: "Drive many station uplinks from one process (scripts/fleet).")

    @Option(name: .long, help: "The hub (or the fault proxy in front of it).") var hub: String
    @Option(name: .long, help: "Stations to drive: their ids are PREFIX-00001….") var stations: Int
    @Option(name: .long, help: "Station id prefix.") var prefix: String = "fleet"
    @Option(name: .long, help: "Folder of the stations' key files (PREFIX-00001.key…) from `kiosk-hub station add-range`.") var keyDir: String
    @Option(name: .long, help: "Folder for the stations' data directories.") var dataDir: String
    @Option(name: .long, help: "Simulated hours.") var hours: Int = 4
    @Option(name: .long, help: "Sales per station per hour.") var salesPerHour: Int = 3
    @Option(name: .long, help: "Chance (per station-hour) that a station's link goes down, for 1 to 6 hours.") var partitionChance: Double = 0.1
    @Option(name: .long, help: "Stations uploading at once.") var concurrency: Int = 48
    @Option(name: .long, help: "Seed of every random choice.") var seed: UInt64 = 1
    @Option(name: .long, help: "Seconds the final drain may take.") var drainSeconds: Int = 600

    func validate() throws {
        guard stations >= 1, hours >= 1, salesPerHour >= 1, concurrency >= 1 else {
            throw ValidationError("stations, hours, sales per hour and concurrency are at least 1")
        }
    }

    func run() async throws {
        let transport = URLSessionUplinkTransport(timeoutSeconds: 20, maximumConnectionsPerHost: concurrency)
        var fleet: [FleetStation] = []
        for index in 1...stations {
            let id = "\(prefix)-\(String(format: "%05d", index))"
            let directory = "\(dataDir)/\(id)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let database = try KioskDatabase.open(dataDirectory: directory)
            try UplinkSetup.enrol(database: database, hubURL: hub, stationID: id, keyFile: "\(keyDir)/\(id).key")
            guard let client = try UplinkSetup.client(database: database, transport: transport) else {
                throw ValidationError("station \(id) did not enrol")
            }
            fleet.append(FleetStation(id: id, database: database, client: client, seed: seed &+ UInt64(index) &* 0x9E37_79B9))
        }
        log("opened \(fleet.count) stores")
        var random = UplinkRandom(seed: seed)
        var downUntil = [Int](repeating: 0, count: fleet.count)
        for hour in 0..<hours {
            var online: [Int] = []
            for index in fleet.indices {
                if downUntil[index] <= hour, Double(random.next() % 1_000_000) / 1_000_000 < partitionChance {
                    downUntil[index] = hour + 1 + Int(random.next() % 6)
                }
                try fleet[index].sell(salesPerHour, hour: hour)
                if downUntil[index] <= hour { online.append(index) }
            }
            let drained = await upload(fleet, indices: online, deadlineSeconds: 120)
            log("hour \(hour + 1): \(online.count) stations online, \(drained) drained")
        }
        let drained = await upload(fleet, indices: Array(fleet.indices), deadlineSeconds: drainSeconds)
        var backlog: Int64 = 0
        var events: Int64 = 0
        for station in fleet {
            let progress = try UplinkStore(database: station.database).progress()
            backlog += progress.backlog
            events += progress.lastSequence
            try station.database.close()
        }
        log("final drain: \(drained) of \(fleet.count) stations drained; events \(events) backlog \(backlog)")
        print("fleet stations \(fleet.count) events \(events) backlog \(backlog)")
    }

    /// Drains the stations at `indices`, `concurrency` at a time, each with its own backoff; returns
    /// how many drained before the deadline.
    private func upload(_ fleet: [FleetStation], indices: [Int], deadlineSeconds: Int) async -> Int {
        let clock = ScaledUplinkClock()
        let deadline = clock.nowMs() + Int64(deadlineSeconds) * 1000
        let stations = indices.map { fleet[$0] }
        let drain = { @Sendable (station: FleetStation) async -> Bool in
            let worker = UplinkWorker(client: station.client, backoff: UplinkBackoff(baseMs: 200, capMs: 5_000),
                                      clock: clock, random: UplinkRandom(seed: station.seed))
            return await worker.drain(deadlineMs: deadline)
        }
        return await withTaskGroup(of: Bool.self) { group in
            var next = 0
            var drained = 0
            while next < min(concurrency, stations.count) {
                let station = stations[next]
                group.addTask { await drain(station) }
                next += 1
            }
            while let result = await group.next() {
                if result { drained += 1 }
                if next < stations.count {
                    let station = stations[next]
                    group.addTask { await drain(station) }
                    next += 1
                }
            }
            return drained
        }
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data("kiosk-fleet: \(line)\n".utf8))
    }
}

/// One driven station: its store and its uplink client.
struct FleetStation: Sendable {
    let id: String
    let database: KioskDatabase
    let client: UplinkClient
    let seed: UInt64

    /// Journals `count` sales of one simulated hour: each an order opened, then paid with a payment
    /// (two entries), so the hub sees orders move forward across entries and batches.
    func sell(_ count: Int, hour: Int) throws {
        let journal = EventJournal(database: database)
        var sequence = try journal.lastSequence()
        var random = UplinkRandom(seed: seed &+ UInt64(hour))
        for sale in 0..<count {
            let orderID = Int64(hour * 1_000 + sale + 1)
            let atMs = 1_767_225_600_000 + Int64(hour) * 3_600_000 + Int64(sale) * 1_000
            let total = Int64(100 + random.next() % 10_000)
            var order = OrderRow(id: orderID, orderNumber: "\(id)-\(orderID)", kind: "counter", state: .totalled,
                                 totalFen: total, cashFen: 0, changeFen: 0, codeFen: 0, creditFen: 0,
                                 creditAccountID: nil, pickupCode: nil, receiptPrinted: false,
                                 createdAtMs: atMs, updatedAtMs: atMs)
            var opened = JournalCommit(eventPayload: bytes(&random, 40), eventKind: "fleetSaleOpened", recordedAtMs: atMs,
                                       domain: JournalDomain("fleet"))
            opened.order = order
            sequence += 1
            try journal.commit(opened, sequence: sequence, durability: .whenNextSynced)
            order.state = .closed
            order.cashFen = total
            order.receiptPrinted = true
            order.updatedAtMs = atMs + 500
            var paid = JournalCommit(eventPayload: bytes(&random, 60), eventKind: "fleetSalePaid", recordedAtMs: atMs + 500,
                                     domain: JournalDomain("fleet"))
            paid.order = order
            paid.payments = [PaymentRow(idempotencyKey: "\(id)-\(orderID)-cash", orderID: orderID, method: "cash",
                                        maskedCode: nil, amountFen: total, state: .approved)]
            sequence += 1
            try journal.commit(paid, sequence: sequence, durability: .whenNextSynced)
        }
    }

    private func bytes(_ random: inout UplinkRandom, _ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }
}

/// The wall clock with backoff waits shortened a hundredfold: a simulated hour of retries takes seconds.
struct ScaledUplinkClock: UplinkClock {
    func nowMs() -> Int64 { WallUplinkClock().nowMs() }

    func sleep(ms: Int64) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(1, ms / 100)) * 1_000_000)
    }
}
