import Foundation
import GRDB
import Testing
@testable import KioskStore

@Suite struct SchemaTests {
    private func openDatabase(_ directory: TemporaryDirectory) throws -> KioskDatabase {
        try KioskDatabase.open(dataDirectory: directory.path)
    }

    @Test func theJournalAcceptsAppendsAndRefusesUpdatesAndDeletes() throws {
        let directory = try TemporaryDirectory()
        let database = try openDatabase(directory)
        defer { try? database.close() }
        try database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO journal (kind, payload, recorded_at_ms) VALUES (?, ?, ?)",
                arguments: ["order.paid", Data([1, 2, 3]), 1_700_000_000_000])
        }

        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "UPDATE journal SET kind = 'order.cancelled'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "DELETE FROM journal") }
        }
        let kinds = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal") }
        #expect(kinds == ["order.paid"])
    }

    @Test func theAuditLogIsAppendOnlyToo() throws {
        let directory = try TemporaryDirectory()
        let database = try openDatabase(directory)
        defer { try? database.close() }
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO audit_log (at_ms, who, command, outcome) VALUES (1, 'wang', 'db check', 'ok')")
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log") }
        }
    }

    @Test func negativeMoneyAndWholePaymentCodesAreRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try openDatabase(directory)
        defer { try? database.close() }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: "INSERT INTO catalog (barcode, name, price_fen) VALUES ('6916018159088', '盐', -1)")
            }
        }
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO orders (id, order_number, kind, state, total_fen, created_at_ms, updated_at_ms)
                VALUES (1, 'A0001', 'counter_sale', 'awaiting_payment', 1860, 1, 1)
                """)
            try db.execute(sql: """
                INSERT INTO payments (order_id, idempotency_key, method, masked_code, amount_fen, state, created_at_ms, updated_at_ms)
                VALUES (1, 'pay-1', 'alipay', '28****1234', 1860, 'pending', 1, 1)
                """)
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO payments (order_id, idempotency_key, method, masked_code, amount_fen, state, created_at_ms, updated_at_ms)
                    VALUES (1, 'pay-2', 'alipay', '281234567890121234', 1860, 'pending', 1, 1)
                    """)
            }
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO payments (order_id, idempotency_key, method, masked_code, amount_fen, state, created_at_ms, updated_at_ms)
                    VALUES (1, 'pay-1', 'cash', NULL, 100, 'pending', 1, 1)
                    """)
            }
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let directory = try TemporaryDirectory()
        let database = try openDatabase(directory)
        defer { try? database.close() }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO order_lines (order_id, line_number, barcode, name, quantity, unit_price_fen, line_total_fen)
                    VALUES (42, 1, '6916018159088', '盐', 1, 350, 350)
                    """)
            }
        }
    }

    @Test func outboxEffectsAreUniqueByIdempotencyKey() throws {
        let directory = try TemporaryDirectory()
        let database = try openDatabase(directory)
        defer { try? database.close() }
        let insert = "INSERT INTO outbox (idempotency_key, kind, payload, created_at_ms) VALUES ('upload-7', 'upload', x'00', 1)"
        try database.pool.write { db in try db.execute(sql: insert) }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: insert) }
        }
        let state = try database.pool.read { db in try String.fetchOne(db, sql: "SELECT state FROM outbox") }
        #expect(state == "pending")
    }
}
