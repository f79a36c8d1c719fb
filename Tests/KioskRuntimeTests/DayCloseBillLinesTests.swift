import Foundation
import KioskEngine
import KioskSimulation
import Testing
@testable import KioskSimulator

/// Bills (缴费) have a line of their own in the day's close: paid to the billers, pending, refunded; the
/// counter's sales leave bills out, and a cash refund of a failed bill leaves the expected cash.
@Suite("The day's close gives bills a line of their own")
struct DayCloseBillLinesTests {
    @Test("a bill paid, one refunded in cash and one pending: three bill lines, no bill in counter sales, the drawer right")
    func billLinesInTheZ() throws {
        let directory = try ScratchDirectory("day-close-bills")
        defer { directory.remove() }
        let text = """
            at 08:00:00
            day open 200
            bill water 88001234 100
            cash 100
            expect bill 1 state succeeded
            biller fail 户号已销户
            bill water 88001234 50
            cash 50
            expect bill 2 state refunded
            biller pending 50
            bill cmcc 13812345678 30
            cash 30
            expect bill 3 state pending
            day count 100=3 20=1 10=1
            day close
            expect z-count 1
            expect z 1 expected 330.00
            expect z 1 variance 0.00
            """
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse(text, fileName: "t.scenario"))
        let report = try SimulationReport.of(session, board: "sim", seed: 0, customers: 0)
        let services = try #require(report.days.first?.services)
        #expect(services["bills"] == DayReportLine.Tally(count: 1, fen: 10_000))
        #expect(services["bills_refunded"] == DayReportLine.Tally(count: 1, fen: 5_000))
        #expect(services["bills_pending"] == DayReportLine.Tally(count: 1, fen: 3_000))
        #expect((services["counter"]?.count ?? 0) == 0, "bills' orders are not counter sales")
        #expect(try session.dayClose.zReports().count == 1)
        let audit = try DayCloseAudit(database: session.database, configuration: session.engine.configuration).mismatches()
        #expect(audit.isEmpty, "the Z's replay agrees: \(audit)")
    }
}
