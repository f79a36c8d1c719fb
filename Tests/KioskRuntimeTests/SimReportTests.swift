import Foundation
import Testing

/// `kiosk sim --report json` prints the report alone on standard output, also when a scenario fails.
@Suite("The simulation's JSON report", .enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built"))
struct SimReportTests {
    @Test("a generated day's report is JSON alone on stdout; operator messages and the speed go to stderr")
    func jsonAloneOnStandardOutput() throws {
        let result = try KioskExecutable.run(["sim", "--speed", "fast", "--customers", "20", "--seed", "3",
                                              "--report", "json", "--boards-dir", Repository.boards.path])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(report?["customers"] as? Int == 20)
        #expect(result.standardError.contains("customers_per_s"))
    }

    @Test("a scenario whose expect fails still prints its report, names the line and exits 1")
    func failingScenarioStillReports() throws {
        let directory = try ScratchDirectory("failing-scenario")
        defer { directory.remove() }
        let path = directory.path + "/fails.scenario"
        try "at 08:00\nscan 6931318609132\ncash 5\nexpect receipts 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try KioskExecutable.run(["sim", "--scenario", path, "--speed", "fast", "--report", "json",
                                              "--boards-dir", Repository.boards.path])
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect((report?["receipts"] as? [String: Any])?["printed"] as? Int == 1)
        #expect(result.standardError.contains("fails.scenario:4:"))
    }
}
