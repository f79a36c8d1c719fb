import Foundation
import KioskHub
import KioskUplinkWire
import PostgresNIO
import Testing

@Suite struct HubIngestTests {
    let logger = PostgresTestCluster.logger

    static func batch(_ sequences: ClosedRange<Int64>, station: String = "v-001", store: String = "S1",
                      orders: [UplinkOrder] = [], payments: [UplinkPayment] = []) -> UplinkBatch {
        UplinkBatch(station: station, storeID: store,
                    entries: sequences.map { UplinkEntry(sequence: $0, domain: $0 % 3 == 0 ? "parcels" : "counter",
                                                         kind: "k", recordedAtMs: 1_000 + $0, payload: Data([UInt8(truncatingIfNeeded: $0), 1])) },
                    orders: orders, payments: payments, backlogAfter: 0)
    }

    static func order(_ id: Int64, _ state: String, at sequence: Int64, totalFen: Int64 = 500) -> UplinkOrder {
        UplinkOrder(id: id, orderNumber: "N\(id)", kind: "counter", state: state, totalFen: totalFen,
                    journalSequence: sequence, createdAtMs: 1_000, updatedAtMs: 1_000 + sequence)
    }

    static func count(_ client: PostgresClient, _ sql: String) async throws -> Int64 {
        var total: Int64 = 0
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int64.self) { total = value }
        return total
    }

    @Test func migratingAgainAppliesNothing() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let applied = try await HubDatabase.withClient(url, logger: logger) { client in
            try await HubSchema.migrate(client, logger: PostgresTestCluster.logger)
        }
        #expect(applied.isEmpty)
    }

    @Test func aResentBatchChangesNothingAndAnOverlapStoresOnlyTheNewEntries() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubDatabase.withClient(url, logger: logger) { client in
            let logger = PostgresTestCluster.logger
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            #expect(try await ingest.store(Self.batch(1...10), county: "aksu") == UplinkAnswer(storedThrough: 10))
            #expect(try await ingest.store(Self.batch(1...10), county: "aksu") == UplinkAnswer(storedThrough: 10))
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries") == 10)
            #expect(try await ingest.store(Self.batch(6...15), county: "aksu") == UplinkAnswer(storedThrough: 15))
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries") == 15)
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries WHERE domain = 'parcels'") == 5)
        }
    }

    @Test func aGapIsRefusedWithWhereToResendFrom() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubDatabase.withClient(url, logger: logger) { client in
            let logger = PostgresTestCluster.logger
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            _ = try await ingest.store(Self.batch(1...10), county: "aksu")
            let answer = try await ingest.store(Self.batch(12...20), county: "aksu")
            #expect(answer.storedThrough == 10)
            #expect(answer.refusal != nil)
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries") == 10)
            // Another store incarnation of the same station is its own stream.
            #expect(try await ingest.store(Self.batch(1...3, store: "S2"), county: "aksu") == UplinkAnswer(storedThrough: 3))
        }
    }

    @Test func ordersAndPaymentsMoveOnlyForward() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubDatabase.withClient(url, logger: logger) { client in
            let logger = PostgresTestCluster.logger
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            let payment = UplinkPayment(idempotencyKey: "P1", orderID: 1, method: "cash", amountFen: 500, state: "approved",
                                        journalSequence: 2, updatedAtMs: 1_002)
            _ = try await ingest.store(Self.batch(1...1, orders: [Self.order(1, "totalled", at: 1)]), county: "aksu")
            _ = try await ingest.store(Self.batch(2...2, orders: [Self.order(1, "closed", at: 2)], payments: [payment]), county: "aksu")
            // A late resend of the first batch brings the order's older state: it stays closed.
            _ = try await ingest.store(Self.batch(1...1, orders: [Self.order(1, "totalled", at: 1)]), county: "aksu")
            var states: [String] = []
            for try await state in try await client.query("SELECT state FROM orders").decode(String.self) { states.append(state) }
            #expect(states == ["closed"])
            #expect(try await Self.count(client, "SELECT sum(amount_fen)::bigint FROM payments WHERE state = 'approved'") == 500)
        }
    }

    @Test func eachCountysRowsLiveInItsOwnPartition() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubDatabase.withClient(url, logger: logger) { client in
            let logger = PostgresTestCluster.logger
            let stations = HubStations(client: client, logger: logger)
            _ = try await stations.add("v-001", county: "aksu")
            _ = try await stations.add("v-002", county: "kuqa")
            let ingest = HubIngest(client: client, logger: logger)
            _ = try await ingest.store(Self.batch(1...4), county: "aksu")
            _ = try await ingest.store(Self.batch(1...7, station: "v-002"), county: "kuqa")
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries_c_aksu") == 4)
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries_c_kuqa") == 7)
            #expect(try await Self.count(client, """
                SELECT count(*) FROM pg_inherits WHERE inhparent = 'journal_entries'::regclass
                """) == 2)
            await #expect(throws: HubStations.Problem.badCounty("Aksu; DROP")) {
                _ = try await stations.add("v-003", county: "Aksu; DROP")
            }
            await #expect(throws: HubStations.Problem.alreadyEnrolled("v-001")) {
                _ = try await stations.add("v-001", county: "aksu")
            }
        }
    }

    @Test func concurrentCopiesOfOneStoresBatchesStoreEachEntryOnce() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        try await HubDatabase.withClient(url, logger: logger) { client in
            let logger = PostgresTestCluster.logger
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for start in stride(from: Int64(1), through: 91, by: 10) {
                    for _ in 0..<3 {
                        group.addTask {
                            // Retried until the batches before it are in, as a station would.
                            while try await ingest.store(Self.batch(start...(start + 9)), county: "aksu").refusal != nil {}
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.count(client, "SELECT count(*) FROM journal_entries") == 100)
            #expect(try await Self.count(client, "SELECT stored_through FROM store_streams") == 100)
        }
    }
}
