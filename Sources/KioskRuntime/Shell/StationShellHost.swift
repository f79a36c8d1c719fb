import KioskEngine
import KioskHardware
import KioskSimulator
import Foundation
import KioskCore
import KioskDevices
import KioskShell
import KioskStore
import Logging

/// What the maintenance shell sees of a running station: the database answers of ``StandaloneHost``,
/// plus the live machine, the devices, the printer, the gateway and the station's life cycle.
/// Calls arrive on shell session threads and reach the engine through the station's queue.
final class StationShellHost: ShellHost, DeviceControls, SalesControls, SystemControls, CreditControls, BillControls,
    @unchecked Sendable {
    let station: Station
    private let stored: StandaloneHost
    /// Staff number the shell's voids are authorised under (a technician logged in to do them).
    static let shellStaffID: UInt32 = 9_000

    init(station: Station) {
        self.station = station
        stored = StandaloneHost(database: station.database)
    }

    /// The commands the running station adds to the shell: its devices, voids and queries, its log, the
    /// clock, reboot and shutdown.
    var commands: [CommandNode] {
        DeviceCommands.nodes(self) + SalesCommands.nodes(self) + SystemCommands.nodes(self) + CreditCommands.nodes(self) + ParcelCommands.nodes(self)
            + DayCommands.nodes(StationDayControls(station: station))
            + ProduceCommands.nodes(self)
            + BillCommands.nodes(self)
    }

    func openCreditAccount(name: String, phone: String, limitFen: Int64) throws -> String {
        let opened = station.onEngine {
            (station.engine.openCreditAccount(name: name, phone: phone, limitFen: limitFen, nowMs: station.nowMs),
             station.engine.lastMessage)
        }
        guard let id = opened.0 else { throw ShellHostError.failed("refused: \(opened.1 ?? "the account cannot be opened")") }
        return "credit account #\(id) opened for \(name), limit \(Money.formatWithSign(fen: limitFen))"
    }

    func creditAccounts() throws -> [CreditAccountListing] {
        try StationListings(database: station.database).creditAccounts()
    }

    func repayCredit(account: Int64, fen: Int64) throws -> String {
        guard let id = CreditAccountID(exactly: account) else { throw ShellHostError.failed("no credit account \(account)") }
        let outcome = station.onEngine {
            (station.engine.submitFromShell(.creditRepaid(id, fen: fen), nowMs: station.nowMs), station.engine.lastMessage)
        }
        guard outcome.0 else { throw ShellHostError.failed("refused: \(outcome.1 ?? "the repayment was not taken")") }
        return outcome.1 ?? "repaid"
    }

    func openCodeRepayment(account: Int64, fen: Int64) throws -> String {
        guard let id = CreditAccountID(exactly: account) else { throw ShellHostError.failed("no credit account \(account)") }
        let outcome = station.onEngine {
            (station.engine.openCreditRepayment(account: id, fen: fen, nowMs: station.nowMs), station.engine.lastMessage)
        }
        guard let order = outcome.0 else { throw ShellHostError.failed("refused: \(outcome.1 ?? "the repayment was not opened")") }
        return "repayment order \(order) for credit account #\(account): \(outcome.1 ?? "scan the payment code")"
    }

    func creditStatement(account: Int64) throws -> [String] {
        let listings = StationListings(database: station.database)
        let found = try creditAccount(account, in: listings)
        var lines = ["#\(found.id)  \(found.villagerName)  \(found.maskedPhone ?? "-")",
                     "limit 额度 \(Money.formatWithSign(fen: found.limit_fen)), owes 欠 \(Money.formatWithSign(fen: found.balance_fen))"]
        for charge in try listings.creditCharges(account: account) {
            lines.append("  \(BeijingDate.timestamp(epochMs: charge.at_ms))  \(charge.orderNumber)  "
                + "\(Money.formatWithSign(fen: charge.credit_fen))  \(charge.state)")
        }
        for repayment in try listings.creditRepayments(account: account) {
            lines.append("  \(BeijingDate.timestamp(epochMs: repayment.at_ms))  repaid 还款 (\(repayment.method))  "
                + "-\(Money.formatWithSign(fen: repayment.amount_fen))  owes 欠 \(Money.formatWithSign(fen: repayment.balanceAfter_fen))")
        }
        return lines
    }

    func printCreditStatement(account: Int64) throws -> String {
        let listings = StationListings(database: station.database)
        let found = try creditAccount(account, in: listings)
        let charges = try listings.creditCharges(account: account)
        let repayments = try listings.creditRepayments(account: account)
        let bytes = station.onEngine {
            station.engine.creditStatement(account: found, charges: charges, repayments: repayments, atMs: station.nowMs)
        }
        switch station.printDirectly(bytes) {
        case .confirmed: return "statement of credit account #\(account) printed"
        case .held(let hold): throw ShellHostError.failed("printer: \(hold.rawValue)")
        }
    }

    private func creditAccount(_ account: Int64, in listings: StationListings) throws -> CreditAccountListing {
        guard let found = try listings.creditAccounts().first(where: { $0.id == account }) else {
            throw ShellHostError.failed("no credit account \(account)")
        }
        return found
    }

    func pendingBills() throws -> [String] {
        station.onEngine {
            station.engine.bills.pendingBills().map {
                BillCommands.line($0, nextQueryAtMs: station.engine.bills.nextQueryAtMs($0.id), time: BeijingDate.timestamp(epochMs:))
            }
        }
    }

    func showBill(_ id: Int64) throws -> [String] {
        let bill = station.onEngine { (station.engine.bills.bill(id), station.engine.bills.nextQueryAtMs(id)) }
        guard let found = bill.0 else { throw ShellHostError.failed("no bill \(id)") }
        return [BillCommands.line(found, nextQueryAtMs: bill.1, time: BeijingDate.timestamp(epochMs:)),
                "holder 户名 \(found.holderMasked), due 应缴 \(Money.formatWithSign(fen: found.dueFen)), "
                    + "opened \(BeijingDate.timestamp(epochMs: found.createdAtMs))"]
    }

    func queryBill(_ id: Int64) throws -> String {
        let outcome = station.onEngine {
            (station.engine.bills.query(id, nowMs: station.nowMs), station.engine.bills.bill(id)?.phase.name)
        }
        guard outcome.0 else { throw ShellHostError.failed("bill \(id) is not waiting on the biller (\(outcome.1 ?? "no such bill"))") }
        return "bill \(id) queried: now \(outcome.1 ?? "?")"
    }

    func refundBill(_ id: Int64) throws -> String {
        let outcome = station.onEngine {
            (station.engine.bills.refundGivenUp(id, nowMs: station.nowMs), station.engine.bills.bill(id)?.phase.name)
        }
        guard outcome.0 else { throw ShellHostError.failed("bill \(id) is not given up on the biller (\(outcome.1 ?? "no such bill"))") }
        return "bill \(id): the money goes back the way it was paid (now \(outcome.1 ?? "?"))"
    }

    func reprintBills(account: String) throws -> String {
        let printed = station.onEngine { station.engine.bills.reprint(account: account, nowMs: station.nowMs) }
        guard printed > 0 else { throw ShellHostError.failed("no bill paper to print for that number") }
        return "\(printed) bill papers printed"
    }

    func billers() throws -> [String] {
        station.onEngine {
            let bills = station.engine.bills
            return bills.billers.map { biller in
                "\(biller.code)  \(biller.name)  \(biller.kind.boardName)" + (bills.barcodes[biller.code].map { "  barcode \($0.pattern)" } ?? "")
            }
        }
    }

    func lookUpBill(billerCode: String, account: String) throws -> String {
        let outcome = station.onEngine {
            (station.engine.bills.lookUp(billerCode: billerCode, account: account, nowMs: station.nowMs), station.engine.lastMessage)
        }
        if let refusal = outcome.0 { throw ShellHostError.failed("refused: \(refusal.text(zh: false))") }
        return outcome.1 ?? "lookup sent: bills open when the biller answers"
    }

    func openBill(amountFen: Int64?) throws -> String {
        let outcome = station.onEngine { station.engine.bills.open(amountFen: amountFen, nowMs: station.nowMs) }
        switch outcome {
        case .success(let id): return "bill \(id) is on the counter: take the money as for a sale"
        case .failure(let refusal): throw ShellHostError.failed("refused: \(refusal.text(zh: false))")
        }
    }

    var modeDescription: String { station.board.name }

    func status() throws -> StationStatus {
        var status = try stored.status()
        status.uptime_ms = Station.wallClockMs() - station.startedAtMs
        status.board = station.board.name
        status.devices = try devices()
        station.onEngine {
            status.openOrders = station.engine.machine.openOrderCount
            status.pendingPayments = station.engine.machine.pendingPaymentCount
        }
        let journal = EventJournal(database: station.database)
        let jobs = try journal.unconfirmedPrintJobCount()
        let outbox = try journal.pendingOutbox().count
        status.queueDepths = [QueueDepth(name: "print", depth: jobs), QueueDepth(name: "outbox", depth: outbox)]
        return status
    }

    func devices() throws -> [DeviceSummary] {
        station.deviceStates().map { DeviceSummary(name: $0.role.rawValue, kind: $0.kind, state: $0.state) }
    }

    func testDevices() throws -> [DeviceTestResult] {
        try devices().map { DeviceTestResult(name: $0.name, passed: $0.state == "ready", detail: $0.state) }
    }

    func printerStatus() throws -> [String] {
        try devices().filter { $0.name == "printer" }.map { "\($0.name): \($0.kind), \($0.state)" }
    }

    func printTestPage() throws -> String {
        let configuration = station.engine.configuration
        let bytes = PrinterTestPage.bytes(stationName: configuration.receiptHeader, configuration: configuration.printer)
        let outcome = station.printDirectly(bytes)
        switch outcome {
        case .confirmed: return "test page printed"
        case .held(let hold): throw ShellHostError.failed("printer: \(hold.rawValue)")
        }
    }

    func reprintReceipt(orderID: Int64) throws -> String {
        try throwIfRefused(command(on: orderID, [.reprintReceipt]), orderID: orderID)
        return "order \(orderID): reprint queued (marked 重打)"
    }

    func lastScan() throws -> String? {
        station.onEngine { station.engine.lastScan }
    }

    func recentOrders(limit: Int) throws -> [OrderListing] { try stored.recentOrders(limit: limit) }
    func order(id: Int64) throws -> OrderDetailListing? { try stored.order(id: id) }

    func voidOrder(id: Int64) throws -> String {
        let outcome = try command(on: id, [.authorise(Authorisation(role: .technician, staffID: Self.shellStaffID)),
                                           .voidOrder])
        try throwIfRefused(outcome, orderID: id)
        return "order \(id) voided and refunded"
    }

    func pendingPayments(limit: Int) throws -> [PaymentListing] { try stored.pendingPayments(limit: limit) }

    func queryPayment(id: Int64) throws -> String {
        let stored = try StationListings(database: station.database).idempotencyKey(ofPayment: id)
        guard let stored else { throw ShellHostError.failed("no payment \(id)") }
        guard let key = PaymentKey(text: stored) else { throw ShellHostError.failed("payment \(id) is not a code charge") }
        let number = station.onEngine { station.engine.orderNumbers.number(for: key) }
        guard let gateway = station.gateway else { return "payment \(id): no acquirer is configured on this station" }
        let answer = station.gatewayIsRemote
            ? gateway.query(key: number, nowMs: Station.wallClockMs())
            : station.onEngine { gateway.query(key: number, nowMs: station.nowMs) }
        guard let answer else { return "payment \(id): gateway not reachable" }
        return "payment \(id) (\(number)): gateway says \(answer)"
    }

    func checkDatabase() throws -> DatabaseCheckReport { try stored.checkDatabase() }
    func backupDatabase() throws -> String { try stored.backupDatabase() }
    func databaseStats() throws -> DatabaseStats { try stored.databaseStats() }
    func setting(_ key: String) throws -> String? { try stored.setting(key) }
    func setSetting(_ key: String, value: String) throws { try stored.setSetting(key, value: value) }

    func logTail(lines: Int) throws -> [String] {
        station.recentLog.tail(lines)
    }

    /// Changes the running station's level at once, and stores it for the next start.
    func setLogLevel(_ level: String) throws {
        try stored.setLogLevel(level)
        if let level = Logger.Level(rawValue: level) { LogLevelControl.shared.level = level }
    }

    /// Sets the system clock (a station whose battery died boots in 1970). Needs CAP_SYS_TIME: a kiosk
    /// running without it says so instead.
    func setClock(wallTime_ms: Int64) throws {
        var time = timespec(tv_sec: Int(wallTime_ms / 1000), tv_nsec: Int(wallTime_ms % 1000) * 1_000_000)
        guard clock_settime(CLOCK_REALTIME, &time) == 0 else {
            throw ShellHostError.failed(errno == EPERM
                ? "time set: the kiosk may not set the clock: it needs CAP_SYS_TIME, which kiosk.service grants; started otherwise, set the clock with timedatectl"
                : "time set: \(String(cString: strerror(errno)))")
        }
    }

    func reboot() throws {
        station.requestRestart()
    }

    func shutdown() throws {
        station.requestShutdown()
    }

    /// Throws what the shell says when a command on an order was refused: the machine's reason (an order
    /// however old is loaded back from the store, so age is never one).
    private func throwIfRefused(_ outcome: (accepted: Bool, message: String?), orderID: Int64) throws {
        guard !outcome.accepted else { return }
        throw ShellHostError.failed("refused: \(outcome.message ?? "the order cannot do that now")")
    }

    /// Makes order `id` current, applies `actions` in order, and puts the operator's order back.
    /// Returns whether every action was accepted, and the operator message the first refusal gave.
    private func command(on id: Int64, _ actions: [CoreAction]) throws -> (accepted: Bool, message: String?) {
        station.onEngine {
            let engine = station.engine
            let now = station.nowMs
            let previous = engine.machine.currentOrderID
            var accepted = engine.submitFromShell(.selectOrder(OrderID(id)), nowMs: now)
            for action in actions where accepted {
                accepted = engine.submitFromShell(action, nowMs: now)
            }
            let message = accepted ? nil : engine.lastMessage
            if let previous, previous != OrderID(id) {
                engine.submitFromShell(.selectOrder(previous), nowMs: now)
            }
            return (accepted, message)
        }
    }
}
