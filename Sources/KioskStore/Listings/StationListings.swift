import KioskCore
import GRDB

/// One order as the maintenance shell lists it.
public struct OrderListing: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var kind: String
    public var state: String
    public var total_fen: Int64
    public var createdAt_ms: Int64

    public init(id: Int64, number: String, kind: String, state: String, total_fen: Int64, createdAt_ms: Int64) {
        self.id = id
        self.number = number
        self.kind = kind
        self.state = state
        self.total_fen = total_fen
        self.createdAt_ms = createdAt_ms
    }
}

/// One line of a listed order.
public struct OrderLineListing: Sendable, Equatable {
    public var name: String
    public var quantity: Int
    public var lineTotal_fen: Int64

    public init(name: String, quantity: Int, lineTotal_fen: Int64) {
        self.name = name
        self.quantity = quantity
        self.lineTotal_fen = lineTotal_fen
    }
}

/// One listed payment; the store only ever holds its code masked.
public struct PaymentListing: Sendable, Equatable {
    public var id: Int64
    public var orderID: Int64
    public var method: String
    public var maskedCode: String?
    public var amount_fen: Int64
    public var state: String
    public var createdAt_ms: Int64

    public init(
        id: Int64, orderID: Int64, method: String, maskedCode: String?, amount_fen: Int64, state: String,
        createdAt_ms: Int64
    ) {
        self.id = id
        self.orderID = orderID
        self.method = method
        self.maskedCode = maskedCode
        self.amount_fen = amount_fen
        self.state = state
        self.createdAt_ms = createdAt_ms
    }
}

/// An order with its lines (in line order) and its payments (oldest first).
public struct OrderDetailListing: Sendable, Equatable {
    public var order: OrderListing
    public var lines: [OrderLineListing]
    public var payments: [PaymentListing]

    public init(order: OrderListing, lines: [OrderLineListing], payments: [PaymentListing]) {
        self.order = order
        self.lines = lines
        self.payments = payments
    }
}

/// The counts behind the shell's `status` when only the database can answer.
public struct StationCounts: Sendable, Equatable {
    /// Outbox messages not yet delivered.
    public var pendingOutbox: Int
    /// Print jobs queued or caught printing.
    public var waitingPrintJobs: Int
    /// Orders not yet closed, voided or cancelled.
    public var openOrders: Int
    /// Payments still waiting for the gateway's answer (``StationListings/unsettledPaymentStates``).
    public var unsettledPayments: Int
    /// When the outbox last delivered something (ms since 1970), if ever.
    public var lastDelivery_ms: Int64?

    public init(pendingOutbox: Int, waitingPrintJobs: Int, openOrders: Int, unsettledPayments: Int, lastDelivery_ms: Int64?) {
        self.pendingOutbox = pendingOutbox
        self.waitingPrintJobs = waitingPrintJobs
        self.openOrders = openOrders
        self.unsettledPayments = unsettledPayments
        self.lastDelivery_ms = lastDelivery_ms
    }
}

/// A station credit account (赊账) as listed.
public struct CreditAccountListing: Sendable, Equatable {
    public var id: Int64
    public var villagerName: String
    public var maskedPhone: String?
    public var limit_fen: Int64
    public var balance_fen: Int64
}

/// One sale charged to a credit account.
public struct CreditChargeListing: Sendable, Equatable {
    public var orderNumber: String
    public var credit_fen: Int64
    public var at_ms: Int64
    public var state: String
}

/// One repayment on a credit account (还款).
public struct CreditRepaymentListing: Sendable, Equatable {
    public var method: String
    public var amount_fen: Int64
    public var balanceAfter_fen: Int64
    public var at_ms: Int64
}

/// Read-only listings of the sales tables for the maintenance shell (`orders`, `payments`, `status`):
/// what a technician looks at, never what the engine decides with.
public struct StationListings: Sendable {
    /// Order states that no longer count as open.
    public static let finishedOrderStates = OrderPhase.allCases.filter(\.isFinal).map(\.storedName)
    /// Payment states still waiting for an answer.
    public static let unsettledPaymentStates = PaymentState.unsettled.map(\.rawValue)

    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The queue depths and open counts, read in one transaction.
    public func counts() throws(StoreError) -> StationCounts {
        try database.reading { db in
            StationCounts(
                pendingOutbox: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0,
                waitingPrintJobs: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM print_jobs WHERE state IN ('queued', 'printing')") ?? 0,
                openOrders: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM orders WHERE state NOT IN \(Self.sqlList(Self.finishedOrderStates))") ?? 0,
                unsettledPayments: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM payments WHERE state IN \(Self.sqlList(Self.unsettledPaymentStates))") ?? 0,
                lastDelivery_ms: try Int64.fetchOne(db, sql: "SELECT max(done_at_ms) FROM outbox WHERE state = 'done'")
            )
        }
    }

    /// The newest `limit` orders, newest first.
    public func newestOrders(limit: Int) throws(StoreError) -> [OrderListing] {
        try database.reading { db in
            try Row.fetchAll(db, sql: "\(Self.orderColumns) ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)])
                .map(Self.orderListing)
        }
    }

    /// Order `id` with its lines and payments; nil when there is no such order.
    public func order(id: Int64) throws(StoreError) -> OrderDetailListing? {
        try database.reading { db in
            guard let row = try Row.fetchOne(db, sql: "\(Self.orderColumns) WHERE id = ?", arguments: [id])
            else { return nil }
            let lines = try Row.fetchAll(
                db,
                sql: "SELECT name, quantity, line_total_fen FROM order_lines WHERE order_id = ? ORDER BY line_number",
                arguments: [id]
            ).map { OrderLineListing(name: $0["name"], quantity: $0["quantity"], lineTotal_fen: $0["line_total_fen"]) }
            let payments = try Row.fetchAll(
                db, sql: "\(Self.paymentColumns) WHERE order_id = ? ORDER BY id", arguments: [id]
            ).map(Self.paymentListing)
            return OrderDetailListing(order: Self.orderListing(row), lines: lines, payments: payments)
        }
    }

    /// Payments still waiting for an answer, oldest first, at most `limit`.
    public func unsettledPayments(limit: Int) throws(StoreError) -> [PaymentListing] {
        try database.reading { db in
            try Row.fetchAll(
                db,
                sql: "\(Self.paymentColumns) WHERE state IN \(Self.sqlList(Self.unsettledPaymentStates)) ORDER BY id LIMIT ?",
                arguments: [max(0, limit)]
            ).map(Self.paymentListing)
        }
    }

    /// The key payment `id` was sent to the gateway under (what the gateway is asked about); nil when
    /// there is no such payment.
    public func idempotencyKey(ofPayment id: Int64) throws(StoreError) -> String? {
        try database.reading { db in
            try String.fetchOne(db, sql: "SELECT idempotency_key FROM payments WHERE id = ?", arguments: [id])
        }
    }

    private static let orderColumns = "SELECT id, order_number, kind, state, total_fen, created_at_ms FROM orders"
    private static let paymentColumns =
        "SELECT id, order_id, method, masked_code, amount_fen, state, created_at_ms FROM payments"

    private static func orderListing(_ row: Row) -> OrderListing {
        OrderListing(
            id: row["id"], number: row["order_number"], kind: row["kind"], state: row["state"],
            total_fen: row["total_fen"], createdAt_ms: row["created_at_ms"]
        )
    }

    private static func paymentListing(_ row: Row) -> PaymentListing {
        PaymentListing(
            id: row["id"], orderID: row["order_id"], method: row["method"], maskedCode: row["masked_code"],
            amount_fen: row["amount_fen"], state: row["state"], createdAt_ms: row["created_at_ms"]
        )
    }

    /// A constant SQL list of these fixed state names (never user input).
    private static func sqlList(_ values: [String]) -> String {
        "(" + values.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }

    /// Every credit account, by number.
    public func creditAccounts() throws(StoreError) -> [CreditAccountListing] {
        try database.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT id, villager_name, phone, limit_fen, balance_fen FROM credit_accounts ORDER BY id
                """).map { row in
                CreditAccountListing(id: row[0], villagerName: row[1], maskedPhone: row[2], limit_fen: row[3],
                                     balance_fen: row[4])
            }
        }
    }

    /// What was repaid on account `id`, oldest first.
    public func creditRepayments(account id: Int64) throws(StoreError) -> [CreditRepaymentListing] {
        try database.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT method, amount_fen, balance_after_fen, at_ms FROM credit_repayments
                WHERE account_id = ? ORDER BY id
                """, arguments: [id]).map { row in
                CreditRepaymentListing(method: row[0], amount_fen: row[1], balanceAfter_fen: row[2], at_ms: row[3])
            }
        }
    }

    /// The sales charged to account `id`, oldest first.
    public func creditCharges(account id: Int64) throws(StoreError) -> [CreditChargeListing] {
        try database.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT order_number, credit_fen, updated_at_ms, state FROM orders
                WHERE credit_account_id = ? AND credit_fen > 0 ORDER BY id
                """, arguments: [id]).map { row in
                CreditChargeListing(orderNumber: row[0], credit_fen: row[1], at_ms: row[2], state: row[3])
            }
        }
    }

}
