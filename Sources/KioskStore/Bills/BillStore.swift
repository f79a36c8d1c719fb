import GRDB
import KioskCore

extension JournalDomain {
    /// Bills and top-ups (缴费): entries are encoded ``KioskCore/BillEvent``s.
    public static let bills = JournalDomain("bills")
}

/// The bills table: the row a bill's entry writes, and the reads the bills service and the audit make.
public struct BillStore: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The row that records `bill` as it now is, written with its journal entry.
    public static func write(_ bill: Bill) -> StoreWrite {
        StoreWrite("""
            INSERT INTO bills (id, biller_code, biller_kind, account, masked_account, holder_masked, due_fen, amount_rule,
                               amount_fen, order_id, state, reference, failure_reason, flag, created_at_ms, paid_at_ms,
                               last_contact_ms, queries, settled_at_ms, refunded_cash_fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, reference = excluded.reference,
                failure_reason = excluded.failure_reason, flag = excluded.flag, paid_at_ms = excluded.paid_at_ms,
                last_contact_ms = excluded.last_contact_ms, queries = excluded.queries, settled_at_ms = excluded.settled_at_ms,
                refunded_cash_fen = excluded.refunded_cash_fen
            """,
            .integer(bill.id), .text(bill.billerCode), .integer(Int64(bill.billerKind.rawValue)), .text(bill.account),
            .text(bill.maskedAccount), .text(bill.holderMasked), .integer(bill.dueFen), .integer(Int64(bill.rule.rawValue)),
            .integer(bill.amountFen), .integer(bill.orderID), .text(bill.phase.name), .optional(bill.reference),
            .optional(bill.failureReason), .optional(bill.flag), .integer(bill.createdAtMs), .integer(bill.paidAtMs),
            .integer(bill.lastContactMs), .integer(Int64(bill.queries)), .integer(bill.settledAtMs),
            .integer(bill.refundedCashFen))
    }

    /// The number the next bill gets.
    public func nextBillID() throws(StoreError) -> Int64 {
        try database.reading { db in (try Int64.fetchOne(db, sql: "SELECT max(id) FROM bills") ?? 0) + 1 }
    }

    /// Bill `id`, nil when there is none.
    public func bill(_ id: Int64) throws(StoreError) -> Bill? {
        try database.reading { db in try Row.fetchOne(db, sql: "SELECT * FROM bills WHERE id = ?", arguments: [id]).flatMap(Self.bill) }
    }

    /// Bills in `phases`, oldest first.
    public func bills(in phases: [BillPhase]) throws(StoreError) -> [Bill] {
        let names = phases.map { "'\($0.name)'" }.joined(separator: ", ")
        return try database.reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bills WHERE state IN (\(names)) ORDER BY id").compactMap(Self.bill)
        }
    }

    /// Every bill, oldest first.
    public func allBills() throws(StoreError) -> [Bill] {
        try database.reading { db in try Row.fetchAll(db, sql: "SELECT * FROM bills ORDER BY id").compactMap(Self.bill) }
    }

    /// The bills paid for `account` (a phone number, meter or ID), newest first, at most `limit`.
    public func bills(account: String, limit: Int) throws(StoreError) -> [Bill] {
        try database.reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bills WHERE account = ? ORDER BY id DESC LIMIT ?",
                             arguments: [account, max(0, limit)]).compactMap(Self.bill)
        }
    }

    /// The counter orders holding a bill's line, with the bill number the line names.
    public func ordersWithBillLines() throws(StoreError) -> [(orderID: Int64, billID: Int64?)] {
        try database.reading { db in
            try Row.fetchAll(db, sql: "SELECT order_id, barcode FROM order_lines WHERE barcode LIKE 'BILL-%' ORDER BY order_id")
                .map { row in
                    let barcode: String = row["barcode"]
                    return (row["order_id"], Int64(barcode.dropFirst("BILL-".count)))
                }
        }
    }

    private static func bill(_ row: Row) -> Bill? {
        guard let kind = BillerKind(rawValue: UInt8(clamping: row["biller_kind"] as Int64)),
              let rule = BillAmountRule(rawValue: UInt8(clamping: row["amount_rule"] as Int64)),
              let phase = BillPhase(name: row["state"])
        else { return nil }
        var bill = Bill(id: row["id"], billerCode: row["biller_code"], billerKind: kind, account: row["account"],
                        holderMasked: row["holder_masked"], dueFen: row["due_fen"], rule: rule, amountFen: row["amount_fen"],
                        orderID: row["order_id"], phase: phase, createdAtMs: row["created_at_ms"])
        bill.reference = row["reference"]
        bill.failureReason = row["failure_reason"]
        bill.flag = row["flag"]
        bill.paidAtMs = row["paid_at_ms"]
        bill.lastContactMs = row["last_contact_ms"]
        bill.queries = Int32(clamping: row["queries"] as Int64)
        bill.settledAtMs = row["settled_at_ms"]
        bill.refundedCashFen = row["refunded_cash_fen"]
        return bill
    }
}
