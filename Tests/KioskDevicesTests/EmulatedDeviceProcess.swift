import Foundation

/// Runs the `KioskUSBEmulator` scenario runner (built next to this test binary) under
/// `LD_PRELOAD=libumockdev-preload.so.0`, so real libusb talks to devices emulated by umockdev,
/// and returns the facts it printed, one `key value` per line.
enum EmulatedDeviceProcess {
    /// One observation line.
    struct Line: Equatable, CustomStringConvertible {
        var key: String
        var value: String
        var description: String { "\(key) \(value)" }
    }

    /// Why the emulated-device tests cannot run here, or `nil` when they can. Only a missing
    /// umockdev is a reason to skip; a missing runner is a build failure and fails the tests.
    static let umockdevMissing: String? = {
        guard let output = try? run(["probe"], allowFailure: true) else { return nil }
        return output.first { $0.key == "unavailable" }?.value
    }()

    /// Whether umockdev is installed (scripts/setup --test installs it).
    static var isAvailable: Bool { umockdevMissing == nil }

    static var runner: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
        return testBinary.deletingLastPathComponent().appendingPathComponent("KioskUSBEmulator")
    }

    /// Runs one scenario; a scenario that fails or hangs for `timeoutSeconds` throws.
    static func run(_ arguments: [String], timeoutSeconds: Double = 60, allowFailure: Bool = false) throws -> [Line] {
        let process = Process()
        process.executableURL = runner
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = "libumockdev-preload.so.0"
        process.environment = environment
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-usb-emulator-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        try errorHandle.close()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            return Line(key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
        if process.terminationStatus != 0, !allowFailure {
            let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ScenarioFailure(arguments: arguments, status: process.terminationStatus, output: lines, log: log)
        }
        return lines
    }

    struct ScenarioFailure: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var output: [Line]
        var log: String
        var description: String {
            "KioskUSBEmulator \(arguments.joined(separator: " ")) exited \(status)\n"
                + output.map(\.description).joined(separator: "\n") + "\n" + log
        }
    }
}

extension [EmulatedDeviceProcess.Line] {
    /// The values printed under `key`, in order.
    func values(_ key: String) -> [String] { filter { $0.key == key }.map(\.value) }

    /// The single value printed under `key`.
    func value(_ key: String) -> String? { values(key).first }
}

/// Lower-case hexadecimal, as the scenario runner prints bytes.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// How many times `needle` occurs in `haystack` (hex strings, compared at byte boundaries).
func occurrences(of needle: String, in haystack: String) -> Int {
    var count = 0
    var searchStart = haystack.startIndex
    while let range = haystack.range(of: needle, range: searchStart..<haystack.endIndex) {
        if haystack.distance(from: haystack.startIndex, to: range.lowerBound) % 2 == 0 { count += 1 }
        searchStart = haystack.index(after: range.lowerBound)
    }
    return count
}
