/// Decodes a HID point-of-sale scanner (usage page 0x8C): each input report is a length byte and
/// that many bytes of code content, padded to the report size. A full report means more content
/// follows in the next one; a shorter report ends the read, as does the inter-read gap.
public struct HIDPOSDecoder: Sendable {
    private let configuration: ScannerConfiguration
    private var filter: ScanReadFilter
    private var pending: [UInt8] = []
    private var lastReportAtMs: UInt64 = 0
    private var overflowed = false

    /// A decoder for a scanner configured so.
    public init(configuration: ScannerConfiguration) {
        self.configuration = configuration
        filter = ScanReadFilter(configuration: configuration)
    }

    /// When a read continued over full reports should be ended, or `nil` when none is pending.
    public var gapDeadlineMs: UInt64? {
        pending.isEmpty ? nil : lastReportAtMs + UInt64(configuration.interReadGapMs)
    }

    /// Consumes one input report received at `atMs`; returns a finished read, if any.
    public mutating func consume(report: [UInt8], atMs: UInt64) -> ScanOutcome? {
        let expired = expire(atMs: atMs)
        guard let length = report.first.map(Int.init), length > 0 else {
            return expired ?? .dropped(reason: "empty HID-POS report")
        }
        guard length <= report.count - 1 else {
            pending = []
            return expired ?? .dropped(reason: "half report: length \(length) but \(report.count - 1) bytes")
        }
        lastReportAtMs = atMs
        if pending.count + length > configuration.maxScanLength { overflowed = true }
        if !overflowed { pending += report[1...length] }
        if length == report.count - 1 { return expired }
        return expired ?? finish(atMs: atMs)
    }

    /// Ends a continued read whose last report never came, once the gap has passed at `atMs`.
    public mutating func expire(atMs: UInt64) -> ScanOutcome? {
        guard let deadline = gapDeadlineMs, atMs >= deadline else { return nil }
        return finish(atMs: atMs)
    }

    private mutating func finish(atMs: UInt64) -> ScanOutcome {
        defer {
            pending = []
            overflowed = false
        }
        if overflowed {
            return .dropped(reason: "read is longer than the limit of \(configuration.maxScanLength)")
        }
        return filter.finish(pending, atMs: atMs)
    }
}
