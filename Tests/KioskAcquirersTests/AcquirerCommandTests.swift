import Foundation
import Testing

/// `kiosk` in the build products directory that holds this test runner.
private let kioskExecutable: URL? = {
    let start = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var directory = start
    for _ in 0 ..< 3 {
        let candidate = directory.appendingPathComponent("kiosk")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}()

@Suite("kiosk sim --acquirer", .enabled(if: kioskExecutable != nil, "the kiosk executable is not built next to the tests"))
struct AcquirerCommandTests {
    static let boards = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("boards")

    @Test("a shipped scenario runs in real time against the WeChat peer, which is polled while the customer confirms; the key never shows")
    func scenarioAgainstThePeer() throws {
        let run = try PeerAndAdapter(.wechat, outcome: "userpaying")
        defer { run.stop() }
        let acquirerFile = run.directory.file("acquirer.yaml")
        let yaml = try String(contentsOfFile: acquirerFile, encoding: .utf8) + "\npoll_interval_s: 1\n"
        try yaml.write(toFile: acquirerFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = kioskExecutable
        process.arguments = ["sim", "--acquirer", acquirerFile, "--speed", "realtime", "--boards-dir", Self.boards.path,
                             "--scenario", Self.boards.appendingPathComponent("sim/scenarios/code-sale-any-acquirer.scenario").path,
                             "--report", "text"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("payment gateway: acquirer wechat at http://127.0.0.1:\(run.peer.port)"))
        #expect(text.contains("payments wechat approved: 1, ￥76.20"))
        let key = try String(contentsOfFile: run.directory.file("api-key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!text.contains(key), "the API key was shown")
        #expect(run.requests(run.chargeName).count == 1)
        #expect(run.requests(run.queryName).count == 2)
    }
}
