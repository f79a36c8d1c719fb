import GRDB

/// The station's books read back from SQL: what the end-of-day report, the simulation's report and
/// the crash harness's checks are made of.
public struct StationBooks: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// Orders by state name.
    public func ordersByState() throws -> [String: Int] {
        try database.pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM orders GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return counts
        }
    }

    /// Payment count and sum by method and state.
    public func payments() throws -> [PaymentTally] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT method, state, count(*) AS n, coalesce(sum(amount_fen), 0) AS fen
                FROM payments GROUP BY method, state ORDER BY method, state
                """).map { PaymentTally(method: $0["method"], state: $0["state"], count: $0["n"], fen: $0["fen"]) }
        }
    }

    /// Cash the drawer should hold: cash taken for sales (net of change, less cash given back) and credit
    /// repaid in cash, less cash paid out to farmers for produce.
    public func cashInDrawerFen() throws -> Int64 {
        try database.pool.read { db in
            // Cash paid out to farmers for produce (收购) left the same drawer.
            let taken = try Int64.fetchOne(db, sql: """
                SELECT (SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE method = 'cash' AND state = 'approved')
                    + (SELECT coalesce(sum(amount_fen), 0) FROM credit_repayments WHERE method = 'cash')
                     - (SELECT coalesce(sum(amount_fen), 0) FROM produce_purchases WHERE payout = 'cash')
                """) ?? 0
            // Bills (缴费) the biller refused: their cash went back from the drawer.
            let givenBack = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(refunded_cash_fen), 0) FROM bills") ?? 0
            return taken - givenBack
        }
    }

    /// What paid orders (paid, in fulfilment or closed) total, in fen.
    public func salesFen() throws -> Int64 {
        try database.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(sum(total_fen), 0) FROM orders WHERE state IN (\(Self.paidStates))") ?? 0
        }
    }

    /// Receipts printed, and how many of them were marked reprints.
    public func receiptsPrinted() throws -> (printed: Int, reprinted: Int) {
        try database.pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS printed, coalesce(sum(is_reprint), 0) AS reprinted
                FROM print_jobs WHERE state = 'printed' AND kind = 'receipt'
                """)
            return (row?["printed"] ?? 0, row?["reprinted"] ?? 0)
        }
    }

    /// Every violation of the rules money must obey, as one line each (empty: the books are right).
    ///
    /// - every approved payment belongs to an order that is paid (or further along, not voided), except
    ///   cash or credit handed over as part of a split tender on an order still being paid, which must
    ///   leave something still due;
    /// - no order has two approved code payments (nobody is charged twice);
    /// - every paid, closed or fulfilment-stage order has a printed receipt;
    /// - what paid orders total equals what was approved for them;
    /// - every order's total equals the sum of its lines.
    public func violations() throws -> [String] {
        try database.pool.read { db in
            var found: [String] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT p.idempotency_key, p.order_id, o.state FROM payments p LEFT JOIN orders o ON o.id = p.order_id
                WHERE p.state = 'approved' AND (o.id IS NULL OR o.state NOT IN (\(Self.paidStates)))
                    AND NOT (p.method IN ('cash', 'credit') AND o.state IN ('totalled', 'paying'))
                """) {
                found.append("payment \(row["idempotency_key"] as String) is approved but order \(row["order_id"] as Int64) is \(row["state"] as String? ?? "missing")")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT o.id, o.total_fen, sum(p.amount_fen) AS paid FROM orders o
                JOIN payments p ON p.order_id = o.id AND p.state = 'approved'
                WHERE o.state IN ('totalled', 'paying') GROUP BY o.id HAVING paid >= o.total_fen
                """) {
                found.append("order \(row["id"] as Int64) is still being paid but \(row["paid"] as Int64) fen of its \(row["total_fen"] as Int64) fen was approved")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT order_id, count(*) AS n FROM payments
                WHERE state = 'approved' AND method NOT IN ('cash', 'credit') GROUP BY order_id HAVING n > 1
                """) {
                found.append("order \(row["order_id"] as Int64) has \(row["n"] as Int) approved code payments")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT id, state FROM orders WHERE state IN (\(Self.paidStates)) AND receipt_printed = 0
                """) {
                found.append("order \(row["id"] as Int64) is \(row["state"] as String) but its receipt never printed")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT o.id, o.total_fen, coalesce(sum(p.amount_fen), 0) AS paid FROM orders o
                LEFT JOIN payments p ON p.order_id = o.id AND p.state = 'approved'
                WHERE o.state IN (\(Self.paidStates)) GROUP BY o.id HAVING paid != o.total_fen
                """) {
                found.append("order \(row["id"] as Int64) totals \(row["total_fen"] as Int64) fen but \(row["paid"] as Int64) fen was approved")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT o.id, o.total_fen, coalesce(sum(l.line_total_fen), 0) AS lines FROM orders o
                LEFT JOIN order_lines l ON l.order_id = o.id GROUP BY o.id HAVING lines != o.total_fen
                """) {
                found.append("order \(row["id"] as Int64) totals \(row["total_fen"] as Int64) fen but its lines sum to \(row["lines"] as Int64)")
            }
            return found
        }
    }

    static let paidStates = "'paid', 'awaiting-fulfilment', 'ordered', 'arrived', 'closed'"
}

/// One row of the payments summary.
public struct PaymentTally: Sendable, Equatable, Codable {
    public var method: String
    public var state: String
    public var count: Int
    public var fen: Int64
}
