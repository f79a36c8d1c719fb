import KioskEngine
import KioskDevices

/// The simulation's scanner, at the byte seam: it types each code as a keyboard-wedge scanner does
/// (boot keyboard reports, ``reportIntervalMs`` apart, Enter at the end) into the same
/// ``HIDKeyboardDecoder`` — and so the same ``ScanReadFilter`` — that a USB wedge scanner's reports go
/// through, with the board's read gap, length limit and debounce window. A simulated read reaches the
/// engine as a hardware one does: decoded, filtered once, its symbology typed.
final class SimulatedScanner {
    /// How far apart a wedge scanner sends its reports.
    static let reportIntervalMs: Int64 = 4
    /// The least time between two reads: an operator needs this long to scan the next code, and reads of
    /// the same code closer than the debounce window count once.
    static let operatorIntervalMs: Int64 = 1_000
    private var decoder: HIDKeyboardDecoder
    private var lastReadAtMs: Int64 = .min

    init(configuration: ScannerConfiguration) {
        decoder = HIDKeyboardDecoder(configuration: configuration)
    }

    /// When the next read can start, at `nowMs` or later.
    func nextReadAtMs(after nowMs: Int64) -> Int64 {
        lastReadAtMs == .min ? nowMs : max(nowMs, lastReadAtMs + Self.operatorIntervalMs)
    }

    /// Types `bytes` from `atMs` (the decoder's clock runs with the simulated one); returns what the
    /// decoder made of it.
    func read(_ bytes: [UInt8], atMs: Int64) -> [ScanOutcome] {
        lastReadAtMs = atMs
        var outcomes: [ScanOutcome] = []
        var reportAtMs = atMs
        for report in HIDKeyboardEncoder.reports(typing: bytes) {
            if let outcome = decoder.consume(report: report, atMs: UInt64(max(0, reportAtMs))) {
                outcomes.append(outcome)
            }
            reportAtMs += Self.reportIntervalMs
        }
        return outcomes
    }
}
