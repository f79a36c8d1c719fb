import Foundation
import Testing

/// `scripts/test-watchdog`, which `scripts/test` runs the suite under: a hung suite is stopped and says
/// where it was; a finished one keeps its own status.
@Suite("the suite's watchdog")
struct TestWatchdogTests {
    static func watch(_ limitSeconds: Int, _ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Repository.root.appendingPathComponent("scripts/test-watchdog")
        process.arguments = [String(limitSeconds), "/bin/bash", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("a command still running at the limit is stopped with 124, naming the tests that never ended")
    func hungCommandIsStopped() throws {
        let (status, output) = try Self.watch(2, """
            echo '◇ Test finishes() started.'; echo '✔ Test finishes() passed after 0.1 seconds.'
            echo '◇ Test hangs() started.'; exec sleep 600
            """)
        #expect(status == 124)
        #expect(output.contains("still running after 2 s; the tests that never ended:\n   hangs()\n"), "\(output)")
        #expect(!output.contains("   finishes()"))
        #expect(output.contains("(sleep 600)"), "the hung process's threads are shown")
    }

    @Test("a command that ends keeps its own status and output")
    func finishedCommandKeepsItsStatus() throws {
        let (status, output) = try Self.watch(60, "echo done; exit 3")
        #expect(status == 3)
        #expect(output == "done\n")
    }
}
