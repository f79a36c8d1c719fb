import Foundation
import KioskCore
import KioskShell
import Logging
import Testing
@testable import KioskEngine
@testable import KioskRuntime

/// The `bills` commands of a running sim station: look up, open, pay at the counter, list, show, query, reprint.
@Test("the shell opens a bill, shows it paid with its reference, and refuses to query a settled one")
func billsThroughTheShell() throws {
    let data = try ScratchDirectory("shell-bills")
    defer { data.remove() }
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger, recentLog: RecentLogLines())
    let host = StationShellHost(station: station)
    #expect(try host.lookUpBill(billerCode: "cmcc", account: "13812345678").contains("移动话费"))
    #expect(try host.openBill(amountFen: 5_000) == "bill 1 is on the counter: take the money as for a sale")
    #expect(try host.pendingBills().isEmpty)
    station.onEngine { station.engine.handle(.cash(fen: 5_000), nowMs: station.nowMs) }
    let shown = try host.showBill(1)
    #expect(shown[0].contains("138****5678") && shown[0].contains("succeeded") && shown[0].contains("ref BL"))
    #expect(!shown.joined().contains("13812345678"), "the shell shows the account masked")
    #expect(throws: ShellHostError.failed("bill 1 is not waiting on the biller (succeeded)")) { _ = try host.queryBill(1) }
    #expect(try host.reprintBills(account: "13812345678") == "1 bill papers printed")
    #expect(throws: ShellHostError.failed("refused: no such biller")) { _ = try host.lookUpBill(billerCode: "xyz", account: "1") }
}
