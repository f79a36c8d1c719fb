import Foundation
import KioskCore
import KioskShell
import KioskStore
import Logging
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

/// `orders void N` and `printer reprint N` in the live shell reach any order, however old, and say why
/// they were refused.
@Test("an order past the machine's table is voided like a new one; a refused void names the reason")
func refusedOrderCommandsSayWhy() throws {
    let data = try ScratchDirectory("shell-orders")
    defer { data.remove() }
    let barcodes = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
        .split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
    let day = try SimulationSession.make(in: data.path)
    try GeneratedDay(seed: 2, customers: 30, faultRatePerMillion: 0, barcodes: barcodes).run(on: day)
    try day.close()

    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger,
                              recentLog: RecentLogLines())
    let host = StationShellHost(station: station)
    let kept = station.engine.configuration.limits.maxOpenOrders
    let closed = try station.onEngine { try EventJournal(database: station.database).orders() }
        .filter { $0.state == .closed }.map(\.id)
    let newest = try #require(closed.max())
    let oldest = try #require(closed.min())
    #expect(newest - oldest >= Int64(kept), "the day must outgrow the machine's table")

    #expect(try host.reprintReceipt(orderID: oldest) == "order \(oldest): reprint queued (marked 重打)")
    #expect(try host.voidOrder(id: oldest) == "order \(oldest) voided and refunded")
    #expect(try host.voidOrder(id: newest) == "order \(newest) voided and refunded")
    for id in [oldest, newest] {
        #expect(throws: ShellHostError.failed("refused: 订单已结束，不能再更改")) { _ = try host.voidOrder(id: id) }
    }
    #expect(throws: ShellHostError.failed("refused: 找不到订单 \(newest + 1_000)")) { _ = try host.voidOrder(id: newest + 1_000) }
}

/// `credit repay N AMOUNT`, `credit repay-code N AMOUNT` and `credit print N` in the live shell.
@Test("the shell refuses a repayment of nothing owed, in cash or by code, and prints an account's statement on the receipt printer")
func creditStatementFromTheShell() throws {
    let data = try ScratchDirectory("shell-credit")
    defer { data.remove() }
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger,
                              recentLog: RecentLogLines())
    let host = StationShellHost(station: station)
    #expect(try host.openCreditAccount(name: "李叔", phone: "13900001111", limitFen: 10_000)
        == "credit account #1 opened for 李叔, limit \(Money.formatWithSign(fen: 10_000))")
    #expect(throws: ShellHostError.self) { _ = try host.repayCredit(account: 1, fen: 100) }
    #expect(throws: ShellHostError.failed("refused: 超过欠款，最多可还 ￥0.00")) {
        _ = try host.openCodeRepayment(account: 1, fen: 100)
    }
    #expect(throws: ShellHostError.failed("no credit account 2")) { _ = try host.printCreditStatement(account: 2) }
    #expect(try host.printCreditStatement(account: 1) == "statement of credit account #1 printed")
}

/// `parcels find|stats|mode` in the live shell, after a generated day with couriers' drops and pickups.
@Test("the live shell finds parcels by code, phone digits and waybill, and its stats balance by carrier")
func parcelCommandsOnAGeneratedDay() throws {
    let data = try ScratchDirectory("shell-parcels")
    defer { data.remove() }
    let day = try SimulationSession.make(in: data.path)
    try GeneratedDay(seed: 4, customers: 40, faultRatePerMillion: 0, barcodes: ["6916018159088", "6931318609132"]).run(on: day)
    try day.close()

    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger,
                              recentLog: RecentLogLines())
    let host = StationShellHost(station: station)
    let parcels = try host.parcels(limit: 500)
    #expect(parcels.contains { $0.state == .onShelf } && parcels.contains { $0.state == .pickedUp },
            "the generated day both drops and hands over parcels")
    let waiting = try #require(parcels.first { $0.state == .onShelf && !$0.phoneLast4.isEmpty })
    #expect(try host.findParcels(waiting.code.text).map(\.id) == [waiting.id])
    #expect(try host.findParcels(waiting.waybill).map(\.id) == [waiting.id])
    #expect(try host.findParcels(waiting.phoneLast4).contains { $0.id == waiting.id })
    let stats = try host.parcelStats()
    #expect(stats.all.values.allSatisfy { $0.balances })
    #expect(stats.all.values.reduce(0) { $0 + $1.arrived } == parcels.count)
    #expect(ParcelCommands.line(waiting).contains(waiting.slot.text + "  " + waiting.code.text))
    #expect(try host.setParcelMode("returns") == "parcel desk: returns")
    #expect(station.parcels.mode == .returns)
    #expect(throws: ShellHostError.self) { _ = try host.setParcelMode("sorting") }
    #expect(try host.printParcelIdentity() == "today's parcels by carrier printed")
    #expect(throws: ShellHostError.self) { _ = try host.collectParcelCharge(code: "12") }
    #expect(throws: ShellHostError.failed("refused: \(waiting.slot.text) 没有待收款项")) {
        _ = try host.collectParcelCharge(code: waiting.code.text)
    }
}
