import Foundation
import GRDB
import Testing
@testable import KioskStore

/// The shell's tables behind the store's named commands: technician accounts and the audit trail.
@Suite struct MaintenanceRecordsTests {
    static let wang = TechnicianRecord(
        name: "wang", role: "technician", pinSalt: [1, 2, 3], pinHash: [4, 5, 6], kdfAlgorithm: "pbkdf2-hmac-sha256",
        kdfIterations: 1_000)

    @Test func anAccountReadsBackAsAddedAndANameIsTakenOnce() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let accounts = TechnicianAccounts(database: database)
        try accounts.add(Self.wang, createdAt_ms: 5)
        #expect(try accounts.account(named: "wang") == Self.wang)
        #expect(try accounts.account(named: "li") == nil)
        #expect(throws: StoreError.duplicateAccount(name: "wang")) { try accounts.add(Self.wang, createdAt_ms: 6) }
    }

    @Test func countersChangeInOneStepAndSurviveReopening() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        let accounts = TechnicianAccounts(database: database)
        try accounts.add(Self.wang, createdAt_ms: 5)
        let locked = try accounts.updateCounters(named: "wang") { counters in
            LoginCounters(failedAttempts: counters.failedAttempts + 5, lockedUntil_ms: 900_000)
        }
        #expect(locked?.counters == LoginCounters(failedAttempts: 5, lockedUntil_ms: 900_000))
        #expect(try accounts.updateCounters(named: "nobody") { _ in LoginCounters(failedAttempts: 1) } == nil)
        try database.close()

        let reopened = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? reopened.close() }
        let stored = TechnicianAccounts(database: reopened)
        #expect(try stored.account(named: "wang")?.counters == LoginCounters(failedAttempts: 5, lockedUntil_ms: 900_000))
        try stored.clearCounters(named: "wang")
        #expect(try stored.account(named: "wang")?.counters == LoginCounters())
    }

    @Test func theAuditTrailGivesTheNewestRecordsOldestFirst() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let trail = AuditTrail(database: database)
        for index in 1...5 {
            try trail.append(AuditRecord(at_ms: Int64(index), who: "wang", command: "status \(index)", outcome: "ok"))
        }
        #expect(try trail.newest(limit: 2).map(\.command) == ["status 4", "status 5"])
        #expect(try trail.newest(limit: 0).isEmpty)
        #expect(try trail.newest(limit: 99).count == 5)
    }
}

/// What the maintenance shell lists from the sales tables.
@Suite struct StationListingsTests {
    func seededDatabase(_ directory: TemporaryDirectory) throws -> KioskDatabase {
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO orders (id, order_number, kind, state, total_fen, created_at_ms, updated_at_ms) VALUES
                    (1, 'S-0001', 'counter', 'closed', 500, 100, 100),
                    (2, 'S-0002', 'counter', 'paying', 1250, 200, 200);
                INSERT INTO order_lines (order_id, line_number, barcode, name, quantity, unit_price_fen, line_total_fen)
                VALUES (2, 2, '6901234567892', 'soy sauce', 1, 625, 625), (2, 1, '6901234567892', 'soy sauce', 1, 625, 625);
                INSERT INTO payments (id, order_id, idempotency_key, method, masked_code, amount_fen, state, created_at_ms, updated_at_ms)
                VALUES (1, 1, 'k-1', 'cash', NULL, 500, 'approved', 100, 100),
                       (2, 2, 'k-2', 'alipay', '28****1234', 1250, 'unknown', 200, 200);
                INSERT INTO outbox (idempotency_key, kind, payload, state, created_at_ms, done_at_ms) VALUES
                    ('o-1', 'charge', x'00', 'done', 100, 150), ('o-2', 'charge', x'00', 'pending', 200, NULL);
                INSERT INTO print_jobs (order_id, kind, payload, state, created_at_ms) VALUES
                    (1, 'receipt', x'00', 'printed', 100), (2, 'receipt', x'00', 'printing', 200);
                """)
        }
        return database
    }

    @Test func countsOrdersAndListsThem() throws {
        let directory = try TemporaryDirectory()
        let database = try seededDatabase(directory)
        defer { try? database.close() }
        let listings = StationListings(database: database)
        #expect(try listings.counts() == StationCounts(
            pendingOutbox: 1, waitingPrintJobs: 1, openOrders: 1, unsettledPayments: 1, lastDelivery_ms: 150))
        #expect(try listings.newestOrders(limit: 5).map(\.number) == ["S-0002", "S-0001"])
        #expect(try listings.newestOrders(limit: 1).map(\.id) == [2])
        let detail = try #require(try listings.order(id: 2))
        #expect(detail.order == OrderListing(id: 2, number: "S-0002", kind: "counter", state: "paying", total_fen: 1250,
                                             createdAt_ms: 200))
        #expect(detail.lines.map(\.lineTotal_fen) == [625, 625])
        #expect(detail.payments.map(\.maskedCode) == ["28****1234"])
        #expect(try listings.order(id: 9) == nil)
        #expect(try listings.unsettledPayments(limit: 10).map(\.id) == [2])
        #expect(try listings.idempotencyKey(ofPayment: 2) == "k-2")
        #expect(try listings.idempotencyKey(ofPayment: 9) == nil)
    }
}
