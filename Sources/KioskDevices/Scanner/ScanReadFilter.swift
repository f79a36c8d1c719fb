/// Turns the raw bytes of one finished read into a scan event, or drops it with a reason:
/// non-printable bytes and over-long reads are dropped, and a repeat of the last code within the
/// debounce window is told apart as a repeat.
/// Shared by every scanner protocol so they all filter alike.
public struct ScanReadFilter: Sendable {
    private let configuration: ScannerConfiguration
    private var lastText: String?
    private var lastAtMs: UInt64 = 0

    /// A filter for a scanner configured so.
    public init(configuration: ScannerConfiguration) {
        self.configuration = configuration
    }

    /// The outcome of a read of `bytes` that ended at `atMs` (a monotonic millisecond clock).
    public mutating func finish(_ bytes: [UInt8], atMs: UInt64) -> ScanOutcome {
        var content = bytes[...]
        while let last = content.last, last == 0x0D || last == 0x0A || last == 0x09 { content.removeLast() }
        guard !content.isEmpty else { return .dropped(reason: "empty read") }
        guard content.count <= configuration.maxScanLength else {
            return .dropped(reason: "read of \(content.count) bytes is longer than the limit of \(configuration.maxScanLength)")
        }
        // GS (0x1D) separates GS1 fields and is legitimate; other control bytes are line noise.
        if let bad = content.first(where: { ($0 < 0x20 && $0 != 0x1D) || $0 == 0x7F }) {
            return .dropped(reason: "non-printable byte 0x\(String(bad, radix: 16)) in read")
        }
        guard let read = String(validating: content, as: UTF8.self) else {
            return .dropped(reason: "read is not valid UTF-8")
        }
        let (symbology, text) = Symbology.split(read)
        guard !text.isEmpty else { return .dropped(reason: "read holds only a symbology identifier") }
        if text == lastText, atMs &- lastAtMs < UInt64(configuration.debounceWindowMs) {
            lastAtMs = atMs
            return .repeated(ScanEvent(text: text, symbology: symbology))
        }
        lastText = text
        lastAtMs = atMs
        return .scan(ScanEvent(text: text, symbology: symbology))
    }
}
