import Foundation
import Testing

/// Runs the built `kiosk` binary, which SwiftPM puts next to the test bundle, to check exit codes and messages.
@Suite(.enabled(if: KioskBinary.url != nil, "the kiosk executable is not built next to the tests"))
struct CommandLineTests {
    @Test func importingBadRowsPrintsEachLineAndExitsNonZero() throws {
        let directory = try TemporaryDirectory()
        let result = try KioskBinary.run(["catalog", "import", try Fixture.path("catalog-bad-rows.csv"), "--data-dir", directory.path])

        #expect(result.status == 1)
        #expect(result.standardError.contains("kiosk: line 3: barcode 6901234567891 has a wrong check digit (expected 2)\n"))
        #expect(result.standardError.contains("kiosk: line 10: barcode 6.91602E+12"))
        #expect(result.standardError.hasSuffix("kiosk: catalog rejected, nothing imported: 7 bad rows\n"))
        #expect(!result.standardError.contains("Fatal"))
    }

    @Test func findPrintsTheYuanPriceOrExitsOneWhenMissing() throws {
        let directory = try TemporaryDirectory()
        let imported = try KioskBinary.run(["catalog", "import", try Fixture.path("catalog-sample.csv"), "--data-dir", directory.path])
        #expect(imported.status == 0)
        #expect(imported.standardOutput == "imported 300 products (300 new, 0 updated)\n")

        let found = try KioskBinary.run(["catalog", "find", "6916018159088", "--data-dir", directory.path])
        #expect(found.status == 0)
        #expect(found.standardOutput.contains("price     ￥18.60 / 袋"))

        let missing = try KioskBinary.run(["catalog", "find", "6901234567892", "--data-dir", directory.path])
        #expect(missing.status == 1)
        #expect(missing.standardError == "kiosk: barcode 6901234567892 not found\n")
    }

    @Test func checkingAFileThatIsNotADatabaseExitsNonZeroWithOneLine() throws {
        let directory = try TemporaryDirectory()
        try Data(String(repeating: "not sqlite\n", count: 400).utf8).write(to: URL(fileURLWithPath: directory.file("kiosk.sqlite")))

        let result = try KioskBinary.run(["db", "check", "--data-dir", directory.path])

        #expect(result.status == 1)
        #expect(result.standardError == "kiosk: \(directory.file("kiosk.sqlite")) is not an SQLite database\n")
    }

    @Test func backupRefusesToOverwriteWithoutForce() throws {
        let directory = try TemporaryDirectory()
        let target = directory.file("backup.sqlite")
        #expect(try KioskBinary.run(["db", "backup", target, "--data-dir", directory.path]).status == 0)

        let again = try KioskBinary.run(["db", "backup", target, "--data-dir", directory.path])
        #expect(again.status == 1)
        #expect(again.standardError == "kiosk: \(target) already exists (use --force to overwrite)\n")
        #expect(try KioskBinary.run(["db", "backup", target, "--force", "--data-dir", directory.path]).status == 0)
        #expect(try KioskBinary.run(["db", "check", "--file", target]).standardOutput == "ok\n")
    }
}

enum KioskBinary {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// `kiosk` in the build products directory that holds this test bundle.
    static let url: URL? = {
        var directory = Bundle.module.bundleURL.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("kiosk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "KIOSK_DATA_DIR")
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Standard error is read beside standard output: a child that fills one pipe while the test
        // reads the other would wait for ever.
        let errorRead = DispatchQueue(label: "kiosk-executable.stderr")
        nonisolated(unsafe) var errorData = Data()
        errorRead.async { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorRead.sync {}
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
