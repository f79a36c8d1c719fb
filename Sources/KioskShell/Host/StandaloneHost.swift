import Foundation
import GRDB
import KioskStore

/// The ``ShellHost`` for `kiosk shell --data-dir D` when no kiosk is running: everything the database
/// alone can answer, and a plain "not available in standalone mode" for the rest.
public final class StandaloneHost: ShellHost {
    /// Order states that no longer count as open.
    public static let closedOrderStates = ["closed", "voided", "cancelled"]
    /// Payment states still waiting for an answer.
    public static let pendingPaymentStates = ["pending", "unknown", "reversing"]

    private let database: KioskDatabase
    private let wallClock: @Sendable () -> Int64

    /// Answers from `database`; `wallClock` names backup files.
    public init(database: KioskDatabase, wallClock: @escaping @Sendable () -> Int64 = SystemShellClock().wallTime_ms) {
        self.database = database
        self.wallClock = wallClock
    }

    public var modeDescription: String { "standalone" }

    public func status() throws -> StationStatus {
        let closed = Self.sqlList(Self.closedOrderStates)
        let pending = Self.sqlList(Self.pendingPaymentStates)
        return try database.pool.read { db in
            StationStatus(
                uptime_ms: nil,
                board: nil,
                devices: [],
                queueDepths: [
                    QueueDepth(name: "outbox", depth: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0),
                    QueueDepth(name: "print_jobs", depth: try Int.fetchOne(db, sql: "SELECT count(*) FROM print_jobs WHERE state IN ('queued', 'printing')") ?? 0),
                ],
                openOrders: try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE state NOT IN \(closed)") ?? 0,
                pendingPayments: try Int.fetchOne(db, sql: "SELECT count(*) FROM payments WHERE state IN \(pending)") ?? 0,
                diskFree_bytes: Self.diskFree_bytes(path: database.dataDirectory),
                lastSync_ms: try Int64.fetchOne(db, sql: "SELECT max(done_at_ms) FROM outbox WHERE state = 'done'")
            )
        }
    }

    public func devices() throws -> [DeviceSummary] { throw ShellHostError.notAvailable("devices") }
    public func testDevices() throws -> [DeviceTestResult] { throw ShellHostError.notAvailable("devices") }
    public func printerStatus() throws -> [String] { throw ShellHostError.notAvailable("printer") }
    public func printTestPage() throws -> String { throw ShellHostError.notAvailable("printer") }
    public func reprintReceipt(orderID: Int64) throws -> String { throw ShellHostError.notAvailable("printer") }
    public func lastScan() throws -> String? { throw ShellHostError.notAvailable("scanner") }
    public func voidOrder(id: Int64) throws -> String { throw ShellHostError.notAvailable("orders void") }
    public func queryPayment(id: Int64) throws -> String { throw ShellHostError.notAvailable("payments query") }
    public func logTail(lines: Int) throws -> [String] { throw ShellHostError.notAvailable("log tail") }
    public func setClock(wallTime_ms: Int64) throws { throw ShellHostError.notAvailable("time set") }
    public func reboot() throws { throw ShellHostError.notAvailable("reboot") }
    public func shutdown() throws { throw ShellHostError.notAvailable("shutdown") }

    public func recentOrders(limit: Int) throws -> [OrderSummary] {
        try database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, order_number, kind, state, total_fen, created_at_ms FROM orders ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            ).map(Self.orderSummary)
        }
    }

    public func order(id: Int64) throws -> OrderDetail? {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT id, order_number, kind, state, total_fen, created_at_ms FROM orders WHERE id = ?",
                arguments: [id]
            ) else { return nil }
            let lines = try Row.fetchAll(
                db,
                sql: "SELECT name, quantity, line_total_fen FROM order_lines WHERE order_id = ? ORDER BY line_number",
                arguments: [id]
            ).map { OrderLineSummary(name: $0["name"], quantity: $0["quantity"], lineTotal_fen: $0["line_total_fen"]) }
            let payments = try Row.fetchAll(
                db, sql: "\(Self.paymentColumns) WHERE order_id = ? ORDER BY id", arguments: [id]
            ).map(Self.paymentSummary)
            return OrderDetail(summary: Self.orderSummary(row), lines: lines, payments: payments)
        }
    }

    public func pendingPayments(limit: Int) throws -> [PaymentSummary] {
        try database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "\(Self.paymentColumns) WHERE state IN \(Self.sqlList(Self.pendingPaymentStates)) ORDER BY id LIMIT ?",
                arguments: [limit]
            ).map(Self.paymentSummary)
        }
    }

    public func checkDatabase() throws -> DatabaseCheckReport {
        try DatabaseChecker.check(database)
    }

    public func backupDatabase() throws -> String {
        let directory = URL(fileURLWithPath: database.dataDirectory).appendingPathComponent("backups").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: directory).appendingPathComponent("kiosk-\(wallClock()).sqlite").path
        try DatabaseBackup.backup(database, to: path)
        return path
    }

    public func databaseStats() throws -> DatabaseStats {
        try DatabaseStats.read(database)
    }

    public func setting(_ key: String) throws -> String? {
        try StoredSettings.value(of: key, in: database)
    }

    public func setSetting(_ key: String, value: String) throws {
        try StoredSettings.store(value, as: key, in: database)
    }

    /// Stores the level; a kiosk started later reads it.
    public func setLogLevel(_ level: String) throws {
        try setSetting("log.level", value: level)
    }

    private static let paymentColumns =
        "SELECT id, order_id, method, masked_code, amount_fen, state, created_at_ms FROM payments"

    private static func orderSummary(_ row: Row) -> OrderSummary {
        OrderSummary(
            id: row["id"], number: row["order_number"], kind: row["kind"], state: row["state"],
            total_fen: row["total_fen"], createdAt_ms: row["created_at_ms"]
        )
    }

    private static func paymentSummary(_ row: Row) -> PaymentSummary {
        PaymentSummary(
            id: row["id"], orderID: row["order_id"], method: row["method"], maskedCode: row["masked_code"],
            amount_fen: row["amount_fen"], state: row["state"], createdAt_ms: row["created_at_ms"]
        )
    }

    private static func sqlList(_ values: [String]) -> String {
        "(" + values.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }

    private static func diskFree_bytes(path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
