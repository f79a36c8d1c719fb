import Foundation
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import Testing

/// Every scenario shipped in boards/sim/scenarios runs green, and a failing `expect` names its line.
@Suite("Shipped scenarios")
struct ScenarioTests {
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: Repository.scenarios.path))?
        .filter { $0.hasSuffix(".scenario") }.sorted() ?? []

    @Test("the six scenarios the issue asks for are shipped")
    func shipped() {
        for name in ["counter-morning", "code-payment-timeout", "code-payment-reversed", "paper-out",
                     "power-cut-after-payment", "full-order", "assisted-order"] {
            #expect(Self.files.contains("\(name).scenario"), "missing \(name).scenario")
        }
    }

    @Test("each shipped scenario passes, its power cuts dropping what was not synced", arguments: files)
    func runs(_ file: String) throws {
        let directory = try ScratchDirectory("scenario")
        defer { directory.remove() }
        let path = Repository.scenarios.appendingPathComponent(file).path
        let scenario = try ScenarioParser.parse(try String(contentsOfFile: path, encoding: .utf8), fileName: file)
        let session = try SimulationSession.make(in: directory.path, disk: .powerCut)
        defer { try? session.close() }
        try session.run(scenario)
        let report = try SimulationReport.of(session, board: "sim", seed: 1, customers: 0)
        #expect(report.errors.isEmpty, "\(report.errors)")
    }

    @Test("a failing expect stops the run at its line")
    func failingExpect() throws {
        let directory = try ScratchDirectory("scenario")
        defer { directory.remove() }
        let text = """
            at 08:00
            scan 6931318609132
            cash 5
            expect order 1 state closed
            expect drawer 9.99
            expect receipts 1
            """
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        #expect {
            try session.run(try ScenarioParser.parse(text, fileName: "t.scenario"))
        } throws: { error in
            let failure = error as? ScenarioFailure
            return failure?.line == 5 && failure?.message.contains("￥3.50") == true
        }
    }
}

/// The example in docs/scenarios.md runs: a reader who copies it gets a green run.
@Suite("The documented scenario example")
struct DocsExampleTests {
    @Test("docs/scenarios.md's example passes")
    func exampleRuns() throws {
        let docs = try String(contentsOf: Repository.root.appendingPathComponent("docs/scenarios.md"), encoding: .utf8)
        let afterHeading = try #require(docs.components(separatedBy: "## Example").last)
        let example = try #require(afterHeading.components(separatedBy: "```").dropFirst().first)
        let directory = try ScratchDirectory("docs-example")
        defer { directory.remove() }
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse(example, fileName: "docs/scenarios.md"))
        #expect(session.printer.printer.printedCount == 3)
    }
}
