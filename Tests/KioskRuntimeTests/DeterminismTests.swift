import Foundation
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import Testing

/// The same scenario and seed give byte-identical receipts and reports; receipts carry codes that
/// an independent decoder reads back as the order.
@Suite("Simulation determinism")
struct DeterminismTests {
    func runMorning() throws -> (receipts: [String: Data], report: String) {
        let data = try ScratchDirectory("determinism")
        let receipts = try ScratchDirectory("receipts")
        defer {
            data.remove()
            receipts.remove()
        }
        let path = Repository.scenarios.appendingPathComponent("counter-morning.scenario").path
        let scenario = try ScenarioParser.parse(try String(contentsOfFile: path, encoding: .utf8), fileName: "m")
        let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
        try session.run(scenario)
        let report = try SimulationReport.of(session, board: "sim", seed: 1, customers: 0).json()
        try session.close()
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: receipts.path) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: receipts.path + "/" + name))
        }
        return (files, report)
    }

    @Test("two runs of a scenario print the same bytes")
    func sameBytes() throws {
        let first = try runMorning()
        let second = try runMorning()
        #expect(first.receipts.count == 6)
        #expect(first.receipts == second.receipts)
        #expect(first.report == second.report)
    }

    @Test("a generated day with faults replays from its seed")
    func generatedDayReplays() throws {
        func day(seed: UInt64) throws -> String {
            let directory = try ScratchDirectory("day")
            defer { directory.remove() }
            let session = try SimulationSession.make(in: directory.path)
            defer { try? session.close() }
            let barcodes = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
                .split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
            try GeneratedDay(seed: seed, customers: 12, faultRatePerMillion: 80_000, barcodes: barcodes).run(on: session)
            let report = try SimulationReport.of(session, board: "sim", seed: seed, customers: 12)
            #expect(report.errors.isEmpty, "\(report.errors)")
            // Customers 3 and 10 also sell produce: every lot bought, whatever the faults.
            #expect(report.produce.purchases == 2)
            #expect(report.produce.grams == report.produce.byGrade.values.reduce(0, +))
            return report.json()
        }
        let first = try day(seed: 42)
        #expect(try day(seed: 42) == first)
        #expect(try day(seed: 43) != first)
    }

    @Test("the QR code and the order barcode on a rendered receipt decode to the order")
    func receiptCodesDecode() throws {
        let run = try runMorning()
        let png = try #require(run.receipts["receipt-0002.png"])
        let decoded = String(decoding: try ZbarReader.decode(png: [UInt8](png)), as: UTF8.self)
        #expect(decoded.contains("KIOSK:SIM-0001-2:7640"))
        #expect(decoded.contains("SIM-0001-2\n") || decoded.hasSuffix("SIM-0001-2"))
    }
}

/// Debian's `zbarimg`, an independent decoder; missing it is a failure (scripts/setup --test installs it).
enum ZbarReader {
    static func decode(png: [UInt8]) throws -> [UInt8] {
        let executable = "/usr/bin/zbarimg"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "zbarimg missing: scripts/setup --test"])
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("receipt-\(UUID().uuidString).png").path
        try Data(png).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
