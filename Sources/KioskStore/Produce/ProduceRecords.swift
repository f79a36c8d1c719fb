import GRDB
import KioskCore

/// The produce desk's rows: what a purchase's journal entry writes, and what the shell, the report
/// and the audit read back.
public enum ProduceRecords {
    /// The rows a purchase writes in its journal entry's transaction: the farmer remembered (their
    /// village updated), and the purchase.
    public static func writes(for purchase: ProducePurchase) -> [StoreWrite] {
        [
            StoreWrite("""
                INSERT INTO produce_farmers (name, phone_masked, village, last_seen_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (name, phone_masked) DO UPDATE SET village = excluded.village, last_seen_ms = excluded.last_seen_ms
                """, .text(purchase.farmer.name), .text(purchase.farmer.maskedPhone), .text(purchase.farmer.village),
                .integer(purchase.recordedAtMs)),
            StoreWrite("""
                INSERT INTO produce_purchases (lot, farmer_id, produce, grade, price_version, fen_per_kg, gross_g, tare_g,
                    net_g, amount_fen, payout, idempotency_key, packed_date, recorded_at_ms)
                VALUES (?, (SELECT id FROM produce_farmers WHERE name = ? AND phone_masked = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, .text(purchase.lot), .text(purchase.farmer.name), .text(purchase.farmer.maskedPhone),
                .text(purchase.produce), .text(purchase.grade), .integer(purchase.priceVersion), .integer(purchase.fenPerKg),
                .integer(purchase.grossGrams), .integer(purchase.tareGrams), .integer(purchase.netGrams),
                .integer(purchase.amountFen), .text(purchase.payout.name), .text(purchase.idempotencyKey),
                .text(purchase.packedDate), .integer(purchase.recordedAtMs)),
        ]
    }

    /// One purchase as listed.
    public struct PurchaseRow: Sendable, Equatable {
        public var lot: String
        public var farmer: String
        public var produce: String
        public var grade: String
        public var netGrams: Int64
        public var amountFen: Int64
        public var payout: String
    }

    /// Kilograms bought of one produce and grade.
    public struct GradeTotal: Sendable, Equatable {
        public var produce: String
        public var grade: String
        public var purchases: Int64
        public var grams: Int64
        public var amountFen: Int64
    }

    /// The purchases recorded in `[fromMs, toMs)`, oldest first.
    public static func purchases(in database: KioskDatabase, fromMs: Int64, toMs: Int64) throws(StoreError) -> [PurchaseRow] {
        try read(database) { db in
            try Row.fetchAll(db, sql: """
                SELECT p.lot, f.name, p.produce, p.grade, p.net_g, p.amount_fen, p.payout
                FROM produce_purchases p JOIN produce_farmers f ON f.id = p.farmer_id
                WHERE p.recorded_at_ms >= ? AND p.recorded_at_ms < ? ORDER BY p.recorded_at_ms, p.lot
                """, arguments: [fromMs, toMs]).map {
                PurchaseRow(lot: $0[0], farmer: $0[1], produce: $0[2], grade: $0[3], netGrams: $0[4], amountFen: $0[5], payout: $0[6])
            }
        }
    }

    /// Totals per produce and grade in `[fromMs, toMs)`.
    public static func totalsByGrade(in database: KioskDatabase, fromMs: Int64, toMs: Int64) throws(StoreError) -> [GradeTotal] {
        try read(database) { db in
            try Row.fetchAll(db, sql: """
                SELECT produce, grade, count(*), sum(net_g), sum(amount_fen) FROM produce_purchases
                WHERE recorded_at_ms >= ? AND recorded_at_ms < ? GROUP BY produce, grade ORDER BY produce, grade
                """, arguments: [fromMs, toMs]).map {
                GradeTotal(produce: $0[0], grade: $0[1], purchases: $0[2], grams: $0[3], amountFen: $0[4])
            }
        }
    }

    /// Cash paid out to farmers in `[fromMs, toMs)`: the sum the drawer count must know.
    public static func cashPaidOutFen(in database: KioskDatabase, fromMs: Int64, toMs: Int64) throws(StoreError) -> Int64 {
        try read(database) { db in
            try Int64.fetchOne(db, sql: """
                SELECT coalesce(sum(amount_fen), 0) FROM produce_purchases
                WHERE payout = 'cash' AND recorded_at_ms >= ? AND recorded_at_ms < ?
                """, arguments: [fromMs, toMs]) ?? 0
        }
    }

    /// The cash the drawer should hold now (``StationBooks/cashInDrawerFen()``): a cash payout may not exceed it.
    public static func cashInDrawerFen(in database: KioskDatabase) throws(StoreError) -> Int64 {
        do {
            return try StationBooks(database: database).cashInDrawerFen()
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    /// The farmers remembered, most recently seen first.
    public static func farmers(in database: KioskDatabase, limit: Int = 50) throws(StoreError) -> [Farmer] {
        try read(database) { db in
            try Row.fetchAll(db, sql: "SELECT name, phone_masked, village FROM produce_farmers ORDER BY last_seen_ms DESC, id LIMIT ?",
                             arguments: [limit]).map { Farmer(name: $0[0], maskedPhone: $0[1], village: $0[2]) }
        }
    }

    private static func read<T>(_ database: KioskDatabase, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.pool.read(body)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }
}

extension JournalDomain {
    /// Buying produce from farmers: one entry per purchase (``ProduceEntryCodec``).
    public static let produce = JournalDomain("produce")
}
