import Foundation
import KioskSimulation
import Testing
@testable import KioskSimulator

/// The services beside the counter carry their lines into the day's close: cash paid out for produce
/// leaves the expected cash, parcels handed over are counted.
@Suite("The day's close counts the services beside the counter")
struct DayCloseServiceLinesTests {
    @Test("produce bought with cash from the drawer lowers the Z's expected cash; an account payout does not")
    func producePayoutsInTheZ() throws {
        let directory = try ScratchDirectory("day-close-services")
        defer { directory.remove() }
        let text = """
            at 08:00:00
            day open 200
            farmer 王秀英 13812345678 石门村
            grade 核桃 特级
            tare 竹筐 1
            scale 5800
            buy cash
            farmer 李建国 13998765432 黄渚村
            grade 核桃 一级
            tare 编织袋 2
            scale empty
            scale 12240
            buy account
            expect produce paid-out 130.00
            day count 50=1 20=1
            day close
            expect z-count 1
            expect z 1 expected 70.00
            expect z 1 variance 0.00
            """
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse(text, fileName: "t.scenario"))
        let report = try SimulationReport.of(session, board: "sim", seed: 0, customers: 0)
        let services = try #require(report.days.first?.services)
        // Two lots: ￥130.00 paid from the drawer, ￥264.00 to the farmer's account.
        #expect(services["produce"] == DayReportLine.Tally(count: 2, fen: 39_400))
    }
}
