import Foundation
import KioskSimulation

/// Reads barcodes back from a rendered receipt with Debian's `zbarimg` (zbar-tools), the way a
/// customer's phone or a scanner would. Missing zbarimg is a test failure, not a skip.
enum Zbar {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "zbarimg not found: run scripts/setup --test (installs zbar-tools)" }
    }

    static let executable = "/usr/bin/zbarimg"

    /// Every symbol zbarimg decodes in the PNG, payload bytes exactly (`--raw`), one per line.
    static func decode(png: [UInt8]) throws -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Missing() }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-sim-\(UUID().uuidString).png").path
        try Data(png).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    /// Renders the receipt at `paperWidthDots` and decodes it.
    static func decode(_ receipt: ESCPOSReceipt, paperWidthDots: Int = 384) throws -> [UInt8] {
        let rasterizer = try ReceiptRasterizer(paperWidthDots: paperWidthDots)
        return try decode(png: PNGWriter.encode(rasterizer.render(receipt)))
    }
}
