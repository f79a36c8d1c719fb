import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KioskCore
import KioskHub
import KioskStore
import KioskUplink
import KioskUplinkWire
import ServiceLifecycle
import Synchronization
import Testing

/// The real station uplink (URLSession, signing, the store) against the real hub over loopback HTTP.
@Suite struct HubHTTPTests {
    /// Serves a hub on a free port for the length of `body`, then stops it gracefully.
    static func withHub(_ databaseURL: String, tls: HubServer.TLSFiles? = nil, _ body: (URL) async throws -> Void) async throws {
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let hub = try HubServer.application(databaseURL: databaseURL, host: "127.0.0.1", port: 0, tls: tls,
                                            logger: PostgresTestCluster.logger) { port in announce.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [hub], logger: PostgresTestCluster.logger))
        let server = Task { try await group.run() }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        do {
            try await body(URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)")!)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await server.result
            throw error
        }
        await group.triggerGracefulShutdown()
        try await server.value
    }

    static func station(in directory: String, hub: URL, id: String, keyFile: String, entries: Int, nowMs: Int64) throws -> KioskDatabase {
        let database = try KioskDatabase.open(dataDirectory: directory)
        try UplinkSetup.enrol(database: database, hubURL: hub.absoluteString, stationID: id, keyFile: keyFile)
        let journal = EventJournal(database: database)
        for sequence in Int64(1)...Int64(entries) {
            var commit = JournalCommit(eventPayload: [1, 2, UInt8(truncatingIfNeeded: sequence)], eventKind: "sale",
                                       recordedAtMs: nowMs, domain: .counter)
            commit.order = OrderRow(id: sequence, orderNumber: "N\(sequence)", kind: "counter", state: .closed, totalFen: 250,
                                    cashFen: 250, changeFen: 0, codeFen: 0, creditFen: 0, creditAccountID: nil,
                                    pickupCode: nil, receiptPrinted: true, createdAtMs: nowMs, updatedAtMs: nowMs)
            try journal.commit(commit, sequence: sequence, durability: .whenNextSynced)
        }
        return database
    }

    @Test func aStationUploadsOverHTTPAndTheDashboardShowsIt() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-http-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/issued.key"
        try await HubDatabase.withClient(url, logger: PostgresTestCluster.logger) { client in
            try StationKeyFile.write(try await HubStations(client: client, logger: PostgresTestCluster.logger).add("v-001", county: "aksu"),
                                     to: keyFile)
        }
        try await Self.withHub(url) { hub in
            let nowMs = HubServer.wallClockMs()
            let database = try Self.station(in: directory + "/station", hub: hub, id: "v-001", keyFile: keyFile,
                                            entries: 120, nowMs: nowMs)
            defer { try? database.close() }
            let client = try #require(try UplinkSetup.client(database: database, batchLimit: 50))
            let worker = UplinkWorker(client: client, clock: WallUplinkClock(), random: UplinkRandom(seed: 1))
            #expect(await worker.drain(deadlineMs: nowMs + 60_000))
            #expect(await worker.batchesStored == 3)
            #expect(try UplinkStore(database: database).progress().backlog == 0)

            let (data, response) = try await URLSession.shared.data(from: hub.appendingPathComponent("v1/stations"))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let summaries = try JSONDecoder().decode([StationSummary].self, from: data)
            let summary = try #require(summaries.first)
            #expect(summaries.count == 1)
            #expect(summary.entriesStored == 120)
            #expect(summary.backlog == 0)
            #expect(summary.todaysOrders == 120)
            #expect(summary.todaysSalesFen == 120 * 250)
            #expect(summary.lastSeenMs != nil)
        }
    }

    @Test func aWrongKeyAndARevokedStationAreRefused() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-http-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/issued.key"
        let wrongKeyFile = directory + "/wrong.key"
        try StationKeyFile.write(StationKey.random(), to: wrongKeyFile)
        try await HubDatabase.withClient(url, logger: PostgresTestCluster.logger) { client in
            try StationKeyFile.write(try await HubStations(client: client, logger: PostgresTestCluster.logger).add("v-001", county: "aksu"),
                                     to: keyFile)
        }
        try await Self.withHub(url) { hub in
            let nowMs = HubServer.wallClockMs()
            let impostor = try Self.station(in: directory + "/impostor", hub: hub, id: "v-001", keyFile: wrongKeyFile,
                                            entries: 5, nowMs: nowMs)
            defer { try? impostor.close() }
            let impostorClient = try #require(try UplinkSetup.client(database: impostor))
            let refused = await impostorClient.pushOnce(nowMs: nowMs)
            guard case .failed(let problem) = refused else { Issue.record("stored with a wrong key"); return }
            #expect(problem.contains("401"))
            #expect(try UplinkStore(database: impostor).progress().acknowledgedSequence == 0)

            let genuine = try Self.station(in: directory + "/genuine", hub: hub, id: "v-001", keyFile: keyFile,
                                           entries: 5, nowMs: nowMs)
            defer { try? genuine.close() }
            let client = try #require(try UplinkSetup.client(database: genuine, batchLimit: 2))
            #expect(await client.pushOnce(nowMs: nowMs) == .stored(through: 2, backlog: 3))
            // A request signed outside the replay window is refused even with the right key.
            guard case .failed = await client.pushOnce(nowMs: nowMs - UplinkLimits.replayWindowMs - 60_000) else {
                Issue.record("a stale request was stored"); return
            }
            try await HubDatabase.withClient(url, logger: PostgresTestCluster.logger) { client in
                try await HubStations(client: client, logger: PostgresTestCluster.logger).revoke("v-001")
            }
            guard case .failed = await client.pushOnce(nowMs: nowMs) else { Issue.record("a revoked station uploaded"); return }
            #expect(try UplinkStore(database: genuine).progress().acknowledgedSequence == 2)
        }
    }
}
