import Foundation
import KioskDevices
import KioskEngine
import KioskHardware
import KioskEngine
import KioskSimulator
import Synchronization

/// Prints one observation line for the test to read, at once.
func report(_ key: String, _ value: String) {
    FileHandle.standardOutput.write(Data("\(key) \(value)\n".utf8))
}

/// Lower-case hexadecimal, no separators.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The bytes of a hexadecimal string.
func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// Waits (polling, as the emulated devices never block) until `condition` holds or
/// `timeoutMs` passes; returns whether it held.
@discardableResult
func waitUntil(timeoutMs: Int = 10_000, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Things observed on other threads, collected for the scenario to read.
final class Observations<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])

    func append(_ item: Item) {
        items.withLock { $0.append(item) }
    }

    var all: [Item] { items.withLock { $0 } }
}

/// How a scan outcome is reported: `scan <AIM id or -> <text>` or `dropped <reason>`.
func report(_ outcome: ScanOutcome) {
    switch outcome {
    case .scan(let event):
        report("scan", "\(event.symbology?.aimIdentifier ?? "-") \(event.text)")
    case .repeated(let event):
        report("repeated", "\(event.symbology?.aimIdentifier ?? "-") \(event.text)")
    case .dropped(let reason):
        report("dropped", reason)
    }
}

/// How a printer worker's report is reported: `printed receipt-N` or `held receipt-N REASON`.
func report(_ input: StationInput) {
    switch input {
    case .printed(let jobID): report("printed", "receipt-\(jobID)")
    case .printHeld(let jobID, let hold): report("held", "receipt-\(jobID) \(hold.rawValue)")
    default: report("input", "\(input)")
    }
}

/// The printer's answers to DLE EOT 1…4 and GS r 1, and its automatic status back message, when
/// all is well and when paper is out.
struct PrinterReplies {
    var status: [UInt8]
    var paper: UInt8
    var automaticStatus: [UInt8]

    static let ready = PrinterReplies(status: [0x16, 0x12, 0x12, 0x12], paper: 0x00, automaticStatus: [0x10, 0x00, 0x00, 0x00])
    static let paperOut = PrinterReplies(status: [0x1E, 0x32, 0x12, 0x72], paper: 0x0C, automaticStatus: [0x18, 0x00, 0x0C, 0x00])
    /// A confused printer: bytes that break every reply's fixed bits.
    static let nonsense = PrinterReplies(status: [0xFF, 0x00, 0x41, 0x80], paper: 0xFF, automaticStatus: [0xFF, 0xFF, 0xFF, 0xFF])
}
