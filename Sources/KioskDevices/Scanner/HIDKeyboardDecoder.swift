/// Decodes a keyboard-wedge scanner: 8-byte HID boot keyboard reports (modifiers, reserved, six
/// key slots) into reads. Ctrl+] types the GS1 group separator, as wedge scanners send it. Enter or Tab ends a read; a read with no terminator ends once
/// ``ScannerConfiguration/interReadGapMs`` passes without a report (call ``expire(atMs:)``).
///
/// Only keys newly down since the previous report type a character, so a scanner that sends each
/// key as press + release and one that packs several keys into a report both decode right.
public struct HIDKeyboardDecoder: Sendable {
    private let configuration: ScannerConfiguration
    private var filter: ScanReadFilter
    private var pending: [UInt8] = []
    private var pendingGarbage: String?
    private var keysDown: [UInt8] = []
    private var lastReportAtMs: UInt64 = 0

    /// The size of a boot keyboard report.
    public static let reportLength = 8

    /// A decoder for a scanner configured so.
    public init(configuration: ScannerConfiguration) {
        self.configuration = configuration
        filter = ScanReadFilter(configuration: configuration)
    }

    /// When an unterminated read in progress should be ended, or `nil` when none is.
    public var gapDeadlineMs: UInt64? {
        pending.isEmpty && pendingGarbage == nil ? nil : lastReportAtMs + UInt64(configuration.interReadGapMs)
    }

    /// Consumes one interrupt-IN report received at `atMs`; returns a finished read, if any.
    public mutating func consume(report: [UInt8], atMs: UInt64) -> ScanOutcome? {
        var outcome = expire(atMs: atMs)
        guard report.count == Self.reportLength else {
            keysDown = []
            return outcome ?? .dropped(reason: "half report of \(report.count) bytes")
        }
        lastReportAtMs = atMs
        let slots = Array(report[2..<8])
        if slots.allSatisfy({ $0 == HIDKeyboardUsage.rollOverError }) {
            pendingGarbage = "keyboard roll-over error"
            return outcome
        }
        let shifted = report[0] & HIDKeyboardUsage.shiftMask != 0
        let pressed = slots.filter { $0 != 0 && !keysDown.contains($0) }
        keysDown = slots.filter { $0 != 0 }
        for usage in pressed {
            if usage == HIDKeyboardUsage.enter || usage == HIDKeyboardUsage.tab || usage == HIDKeyboardUsage.keypadEnter {
                let finished = finish(atMs: atMs)
                outcome = outcome ?? finished
                continue
            }
            if report[0] & HIDKeyboardUsage.controlMask != 0, usage == HIDKeyboardUsage.rightBracket {
                if pending.count <= configuration.maxScanLength { pending.append(HIDKeyboardUsage.groupSeparator) }
                continue
            }
            guard let byte = HIDKeyboardUsage.ascii(usage: usage, shifted: shifted) else {
                pendingGarbage = "key usage 0x\(String(usage, radix: 16)) types no character"
                continue
            }
            if pending.count <= configuration.maxScanLength { pending.append(byte) }
        }
        return outcome
    }

    /// Ends a read whose terminator never came, once the gap has passed at `atMs`.
    public mutating func expire(atMs: UInt64) -> ScanOutcome? {
        guard let deadline = gapDeadlineMs, atMs >= deadline else { return nil }
        return finish(atMs: atMs)
    }

    private mutating func finish(atMs: UInt64) -> ScanOutcome? {
        defer {
            pending = []
            pendingGarbage = nil
        }
        if let garbage = pendingGarbage { return .dropped(reason: garbage) }
        if pending.isEmpty { return nil }
        return filter.finish(pending, atMs: atMs)
    }
}
