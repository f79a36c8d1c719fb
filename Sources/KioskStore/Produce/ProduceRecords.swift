import GRDB
import KioskCore

/// The produce desk's rows: what a purchase's journal entry writes, and what the shell, the report
/// and the audit read back.
public enum ProduceRecords {
    /// The rows a purchase writes in its journal entry's transaction: the farmer remembered (their
    /// village updated, and the account they are paid to when they gave one), and the purchase.
    public static func writes(for purchase: ProducePurchase, payeeAccount: PayeeAccount? = nil) -> [StoreWrite] {
        [
            StoreWrite("""
                INSERT INTO produce_farmers (name, phone_masked, village, last_seen_ms, payee_account) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name, phone_masked) DO UPDATE SET village = excluded.village, last_seen_ms = excluded.last_seen_ms,
                    payee_account = COALESCE(excluded.payee_account, produce_farmers.payee_account)
                """, .text(purchase.farmer.name), .text(purchase.farmer.maskedPhone), .text(purchase.farmer.village),
                .integer(purchase.recordedAtMs), JournalValue.optional(payeeAccount?.login)),
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

    /// The purchases of `lots` (a business day's, taken from its journal entries), oldest first. A day
    /// holds at most 9,999 lots, well inside SQLite's limit on bound values.
    public static func purchases(lots: [String], in database: KioskDatabase) throws(StoreError) -> [PurchaseRow] {
        guard !lots.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: lots.count).joined(separator: ", ")
        return try read(database) { db in
            try Row.fetchAll(db, sql: """
                SELECT p.lot, f.name, p.produce, p.grade, p.net_g, p.amount_fen, p.payout
                FROM produce_purchases p JOIN produce_farmers f ON f.id = p.farmer_id
                WHERE p.lot IN (\(marks)) ORDER BY p.recorded_at_ms, p.lot
                """, arguments: StatementArguments(lots)).map {
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

    /// The farmers remembered under `name` (a name alone picks a returning farmer).
    public static func farmers(named name: String, in database: KioskDatabase) throws(StoreError) -> [Farmer] {
        try read(database) { db in
            try Row.fetchAll(db, sql: "SELECT name, phone_masked, village FROM produce_farmers WHERE name = ? ORDER BY last_seen_ms DESC, id",
                             arguments: [name]).map { Farmer(name: $0[0], maskedPhone: $0[1], village: $0[2]) }
        }
    }

    /// The account `farmer` last gave to be paid to by transfer; nil when they gave none.
    public static func payeeAccount(of farmer: Farmer, in database: KioskDatabase) throws(StoreError) -> PayeeAccount? {
        try read(database) { db in
            try String.fetchOne(db, sql: "SELECT payee_account FROM produce_farmers WHERE name = ? AND phone_masked = ?",
                                arguments: [farmer.name, farmer.maskedPhone])
        }.flatMap(PayeeAccount.init)
    }

    /// The farmers remembered, most recently seen first.
    public static func farmers(in database: KioskDatabase, limit: Int = 50) throws(StoreError) -> [Farmer] {
        try read(database) { db in
            try Row.fetchAll(db, sql: "SELECT name, phone_masked, village FROM produce_farmers ORDER BY last_seen_ms DESC, id LIMIT ?",
                             arguments: [limit]).map { Farmer(name: $0[0], maskedPhone: $0[1], village: $0[2]) }
        }
    }

    // MARK: Account payouts

    /// The row an account purchase's payout starts as, written in the purchase's transaction, with the
    /// account it pays to (nil: the payee holds the farmer's account).
    public static func payoutWrite(inserting payout: ProducePayoutState, payeeAccount: PayeeAccount? = nil) -> StoreWrite {
        StoreWrite("""
            INSERT INTO produce_payouts (lot, idempotency_key, amount_fen, state, reference, failure_reason, flag, sends,
                last_contact_ms, settled_at_ms, payee_account)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, .text(payout.lot), .text(payout.key), .integer(payout.amountFen), .text(payout.phase.name),
            JournalValue.optional(payout.reference), JournalValue.optional(payout.failureReason), JournalValue.optional(payout.flag), .integer(payout.sends),
            .integer(payout.lastContactMs), .integer(payout.settledAtMs), JournalValue.optional(payeeAccount?.login))
    }

    /// The payout's row as a payee's answer left it, written with the answer's journal entry.
    public static func payoutWrite(updating payout: ProducePayoutState) -> StoreWrite {
        StoreWrite("""
            UPDATE produce_payouts SET state = ?, reference = ?, failure_reason = ?, flag = ?, sends = ?, last_contact_ms = ?,
                settled_at_ms = ?
            WHERE lot = ?
            """, .text(payout.phase.name), JournalValue.optional(payout.reference), JournalValue.optional(payout.failureReason), JournalValue.optional(payout.flag),
            .integer(payout.sends), .integer(payout.lastContactMs), .integer(payout.settledAtMs), .text(payout.lot))
    }

    /// A payout as the payee is sent it: the farmer it pays, as the purchase remembers them, and the
    /// account it was bought to be paid to (nil: the payee holds the farmer's account).
    public struct PayoutRow: Sendable, Equatable {
        public var payout: ProducePayoutState
        public var farmer: Farmer
        public var recordedAtMs: Int64
        public var payeeAccount: PayeeAccount?
    }

    /// The payout of `lot`, nil when the lot was paid in cash or does not exist.
    public static func payout(lot: String, in database: KioskDatabase) throws(StoreError) -> PayoutRow? {
        try payouts(in: database, where: "o.lot = ?", [lot]).first
    }

    /// Payouts in `phases` (every one when nil), oldest purchase first.
    public static func payouts(in database: KioskDatabase, phases: [ProducePayoutPhase]? = nil) throws(StoreError) -> [PayoutRow] {
        guard let phases else { return try payouts(in: database, where: "1", []) }
        guard !phases.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: phases.count).joined(separator: ", ")
        return try payouts(in: database, where: "o.state IN (\(marks))", phases.map(\.name))
    }

    private static func payouts(in database: KioskDatabase, where condition: String,
                                _ arguments: [String]) throws(StoreError) -> [PayoutRow] {
        try read(database) { db in
            try Row.fetchAll(db, sql: """
                SELECT o.lot, o.idempotency_key, o.amount_fen, o.state, o.reference, o.failure_reason, o.flag, o.sends,
                    o.last_contact_ms, o.settled_at_ms, f.name, f.phone_masked, f.village, p.recorded_at_ms, o.payee_account
                FROM produce_payouts o JOIN produce_purchases p ON p.lot = o.lot JOIN produce_farmers f ON f.id = p.farmer_id
                WHERE \(condition) ORDER BY p.recorded_at_ms, o.lot
                """, arguments: StatementArguments(arguments)).compactMap { row -> PayoutRow? in
                guard let phase = ProducePayoutPhase(name: row[3]) else { return nil }
                let payout = ProducePayoutState(lot: row[0], key: row[1], amountFen: row[2], phase: phase, reference: row[4],
                                                failureReason: row[5], flag: row[6], sends: row[7], lastContactMs: row[8],
                                                settledAtMs: row[9])
                return PayoutRow(payout: payout, farmer: Farmer(name: row[10], maskedPhone: row[11], village: row[12]),
                                 recordedAtMs: row[13], payeeAccount: (row[14] as String?).flatMap(PayeeAccount.init))
            }
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
