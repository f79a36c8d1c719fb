import Foundation
import GRDB
import KioskShell
@testable import KioskStore
import Synchronization

/// A real data directory with a migrated SQLite file, two accounts and one sale, and the environment a
/// shell session runs in.
final class ShellFixture: Sendable {
    static let technicianPIN = "2468"
    static let operatorPIN = "1357"
    /// Test-only PBKDF2 cost: small so logins take microseconds.
    static let testIterations = 1_000

    let directory: String
    let database: KioskDatabase
    let store: SQLiteShellStore
    let host: TestHost

    init() throws {
        directory = NSTemporaryDirectory() + "kiosk-shell-\(UUID().uuidString)"
        database = try KioskDatabase.open(dataDirectory: directory)
        store = SQLiteShellStore(database: database)
        host = TestHost(standalone: StandaloneHost(database: database))
        _ = try TechnicianEnrolment.add(
            name: "wang", role: .technician, pin: Self.technicianPIN, confirmation: Self.technicianPIN,
            into: store, now_ms: 0, iterations: Self.testIterations
        )
        _ = try TechnicianEnrolment.add(
            name: "li", role: .stationOperator, pin: Self.operatorPIN, confirmation: Self.operatorPIN,
            into: store, now_ms: 0, iterations: Self.testIterations
        )
        // Seeded with raw SQL: one order in the middle of a payment, which no store command writes alone.
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO orders (id, order_number, kind, state, total_fen, created_at_ms, updated_at_ms)
                VALUES (7, 'S20261123-0007', 'counter', 'awaiting_payment', 1250, 1763900000000, 1763900000000);
                INSERT INTO order_lines (order_id, line_number, barcode, name, quantity, unit_price_fen, line_total_fen)
                VALUES (7, 1, '6901234567892', 'soy sauce', 2, 625, 1250);
                INSERT INTO payments (id, order_id, idempotency_key, method, masked_code, amount_fen, state, created_at_ms, updated_at_ms)
                VALUES (3, 7, 'k-3', 'alipay', '28****1234', 1250, 'pending', 1763900000000, 1763900000000);
                """)
        }
    }

    func environment(
        language: ShellLanguage = .english, idleTimeout_ms: Int64 = 60_000, login: LoginPolicy = LoginPolicy(firstDelay_ms: 150)
    ) -> ShellEnvironment {
        ShellEnvironment(
            host: host, accounts: store, audit: store,
            configuration: ShellConfiguration(
                maxLineLength: 256, historyCapacity: 8, idleTimeout_ms: idleTimeout_ms, language: language, login: login,
                maxCommandsPerSecond: 1_000
            ),
            contributions: host.commands
        )
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The runtime side of the seam, as the kiosk would provide it: database answers come from the real
/// ``StandaloneHost``; device and system actions are recorded so tests can see they were asked for.
final class TestHost: ShellHost, DeviceControls, SalesControls, SystemControls {
    let standalone: StandaloneHost
    let actions = Mutex<[String]>([])

    init(standalone: StandaloneHost) {
        self.standalone = standalone
    }

    var recordedActions: [String] { actions.withLock { $0 } }

    private func recordAction(_ action: String) {
        actions.withLock { $0.append(action) }
    }

    var modeDescription: String { "test-board" }

    /// What a running station contributes, answered by this host.
    var commands: [CommandNode] {
        DeviceCommands.nodes(self) + SalesCommands.nodes(self) + SystemCommands.nodes(self)
    }

    func status() throws -> StationStatus {
        var status = try standalone.status()
        status.uptime_ms = 3_723_000
        status.board = "test-board"
        status.devices = try devices()
        return status
    }

    func devices() throws -> [DeviceSummary] {
        [DeviceSummary(name: "printer0", kind: "escpos-usb", state: "online"),
         DeviceSummary(name: "scanner0", kind: "hid-wedge", state: "online")]
    }

    func testDevices() throws -> [DeviceTestResult] {
        [DeviceTestResult(name: "printer0", passed: true, detail: "status ok"),
         DeviceTestResult(name: "scanner0", passed: false, detail: "no answer")]
    }

    func printerStatus() throws -> [String] { ["printer0: online, paper ok"] }

    func printTestPage() throws -> String {
        recordAction("test page")
        return "printer0: test page queued"
    }

    func reprintReceipt(orderID: Int64) throws -> String {
        guard try standalone.order(id: orderID) != nil else { throw ShellHostError.failed("no order #\(orderID)") }
        recordAction("reprint \(orderID)")
        return "receipt #\(orderID) queued"
    }

    func lastScan() throws -> String? { "6901234567892" }
    func recentOrders(limit: Int) throws -> [OrderListing] { try standalone.recentOrders(limit: limit) }
    func order(id: Int64) throws -> OrderDetailListing? { try standalone.order(id: id) }

    func voidOrder(id: Int64) throws -> String {
        guard try standalone.order(id: id) != nil else { throw ShellHostError.failed("no order #\(id)") }
        recordAction("void \(id)")
        return "order #\(id) voided"
    }

    func pendingPayments(limit: Int) throws -> [PaymentListing] { try standalone.pendingPayments(limit: limit) }

    func queryPayment(id: Int64) throws -> String {
        throw ShellHostError.failed("gateway unreachable")
    }

    func checkDatabase() throws -> DatabaseCheckReport { try standalone.checkDatabase() }
    func backupDatabase() throws -> String { try standalone.backupDatabase() }
    func databaseStats() throws -> DatabaseStats { try standalone.databaseStats() }
    func setting(_ key: String) throws -> String? { try standalone.setting(key) }
    func setSetting(_ key: String, value: String) throws { try standalone.setSetting(key, value: value) }
    func logTail(lines: Int) throws -> [String] { (1...lines).map { "log line \($0)" } }
    func setLogLevel(_ level: String) throws { recordAction("log level \(level)") }
    func setClock(wallTime_ms: Int64) throws { recordAction("clock \(wallTime_ms)") }
    func reboot() throws { recordAction("reboot") }
    func shutdown() throws { recordAction("shutdown") }
}
