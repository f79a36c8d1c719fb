/// Decodes a CDC-ACM (serial) scanner: a byte stream in which CR, LF or Tab ends each read; a
/// read with no terminator ends after the inter-read gap.
public struct SerialScanDecoder: Sendable {
    private let configuration: ScannerConfiguration
    private var filter: ScanReadFilter
    private var pending: [UInt8] = []
    private var lastByteAtMs: UInt64 = 0

    /// A decoder for a scanner configured so.
    public init(configuration: ScannerConfiguration) {
        self.configuration = configuration
        filter = ScanReadFilter(configuration: configuration)
    }

    /// When a read without terminator should be ended, or `nil` when none is pending.
    public var gapDeadlineMs: UInt64? {
        pending.isEmpty ? nil : lastByteAtMs + UInt64(configuration.interReadGapMs)
    }

    /// Consumes bytes received at `atMs`; returns the reads they finished.
    public mutating func consume(_ bytes: [UInt8], atMs: UInt64) -> [ScanOutcome] {
        var outcomes: [ScanOutcome] = []
        if let expired = expire(atMs: atMs) { outcomes.append(expired) }
        for byte in bytes {
            if byte == 0x0D || byte == 0x0A || byte == 0x09 {
                if !pending.isEmpty { outcomes.append(finish(atMs: atMs)) }
                continue
            }
            // Past the limit the read is garbage anyway; keeping one byte more marks it so.
            if pending.count <= configuration.maxScanLength { pending.append(byte) }
        }
        if !pending.isEmpty { lastByteAtMs = atMs }
        return outcomes
    }

    /// Ends a read whose terminator never came, once the gap has passed at `atMs`.
    public mutating func expire(atMs: UInt64) -> ScanOutcome? {
        guard let deadline = gapDeadlineMs, atMs >= deadline else { return nil }
        return finish(atMs: atMs)
    }

    private mutating func finish(atMs: UInt64) -> ScanOutcome {
        defer { pending = [] }
        return filter.finish(pending, atMs: atMs)
    }
}
