import Foundation

/// The `kiosk` executable SwiftPM builds beside the test products, run as a child process.
enum KioskExecutable {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// `kiosk` in the build products directory that holds this test runner.
    static let url: URL? = {
        let starts = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for start in starts {
            var directory = start
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("kiosk")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Starts `kiosk arguments` with its output thrown away (a process about to be killed).
    static func start(_ arguments: [String]) throws -> Process {
        let process = configured(arguments)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `kiosk arguments` to the end.
    static func run(_ arguments: [String]) throws -> Result {
        let process = configured(arguments)
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
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData, as: UTF8.self))
    }

    private static func configured(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "KIOSK_DATA_DIR")
        environment.removeValue(forKey: "KIOSK_BOARDS_DIR")
        process.environment = environment
        return process
    }
}
