import Foundation
import KioskCore
import KioskShell
import KioskStore
import Logging
import Testing
@testable import KioskEngine
@testable import KioskRuntime
@testable import KioskSimulator

@Suite("The day's close in the live shell")
struct DayShellTests {
    @Test("day match journals a statement's mismatch and asks the gateway; day mismatches lists the answer; day x print prints")
    func matchMismatchesAndX() throws {
        let data = try ScratchDirectory("shell-day")
        defer { data.remove() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger,
                                  recentLog: RecentLogLines())
        let controls = StationDayControls(station: station)
        let date = DayCloseService.businessDate(atMs: station.nowMs)
        let statement = ProviderStatement.write([ProviderStatement.Payment(merchantOrderNo: "ELSEWHERE_1_1", amountFen: 500,
                                                                            time: "2026-12-02 10:15:00")],
                                                provider: .wechat, merchantID: "1900000109")
        let path = data.path + "/wechat.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(statement.utf8)))

        let matched = try controls.matchStatement(provider: .wechat, path: path, businessDate: date)
        #expect(matched.contains("  missing here 本站无: ELSEWHERE_1_1 ￥5.00"), "\(matched)")
        #expect(matched.contains { $0.hasPrefix("journaled 1 new mismatches, asked the acquirer about 1") }, "\(matched)")
        let listed = try controls.statementMismatches(businessDate: date)
        #expect(listed.count == 1)
        #expect(listed.first?.contains("wechat missingHere ELSEWHERE_1_1") == true, "\(listed)")
        #expect(listed.first?.contains("notPaid — the provider holds no payment") == true, "\(listed)")
        #expect(try controls.statementMismatches(businessDate: date + 1) == ["no statement mismatches 无对账差异"])
        let again = try controls.matchStatement(provider: .wechat, path: path, businessDate: date)
        #expect(again.contains { $0.hasPrefix("journaled 0 new mismatches, asked the acquirer about 0") }, "\(again)")

        let x = try controls.xReport(print: true)
        #expect(x.first?.hasPrefix("X report") == true)
        #expect(x.last == "printed, marked X: not a close 已打印（非日结）")
        #expect(try DayCloseRecords(database: station.database).zReports().isEmpty, "an X closes nothing")
        #expect(try DayCloseAudit(database: station.database, configuration: station.engine.configuration).mismatches().isEmpty)
    }
}
