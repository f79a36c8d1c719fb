import KioskDevices

/// Scanner decoders: every read they let through is clean, and reads back the same through a
/// fresh decoder when sent again as the scanner would send it.
///
/// Inputs are steps: a control byte (low six bits × 20 ms until the step; the upper bits shape the
/// step) and then the step's bytes. One configuration of three is picked by the first byte.
enum ScannerChecks {
    static let configurations = [
        ScannerConfiguration(),
        ScannerConfiguration(interReadGapMs: 50, maxScanLength: 16, debounceWindowMs: 300),
        ScannerConfiguration(interReadGapMs: 200, maxScanLength: 64, debounceWindowMs: 0),
    ]

    static func configuration(_ reader: inout ByteReader) -> ScannerConfiguration {
        configurations[Int(reader.byte()) % configurations.count]
    }

    static func delayMs(_ control: UInt8) -> UInt64 {
        UInt64(control & 0x3F) * 20
    }

    static func hidKeyboard(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let configuration = configuration(&reader)
        var decoder = HIDKeyboardDecoder(configuration: configuration)
        var now: UInt64 = 0
        while !reader.isAtEnd {
            let control = reader.byte()
            now += delayMs(control)
            // Bit 7 cuts the report short (a half report), to 4 bytes with bit 6, else to 7.
            let length = control & 0x80 == 0 ? HIDKeyboardDecoder.reportLength : (control & 0x40 == 0 ? 7 : 4)
            let report = reader.take(length)
            if let outcome = decoder.consume(report: report, atMs: now) { checkOutcome(outcome, configuration) }
        }
        flush(decoder.gapDeadlineMs, configuration) { decoder.expire(atMs: $0) } after: { decoder.gapDeadlineMs }
    }

    static func hidPOS(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let configuration = configuration(&reader)
        var decoder = HIDPOSDecoder(configuration: configuration)
        var now: UInt64 = 0
        while !reader.isAtEnd {
            let control = reader.byte()
            now += delayMs(control)
            let reportSize = [4, 8, 16, 64][Int(control >> 6)]
            let report = reader.take(reportSize)
            if let outcome = decoder.consume(report: report, atMs: now) {
                checkOutcome(outcome, configuration)
                if case .scan(let event) = outcome { checkHIDPOSRoundTrip(event, configuration) }
            }
        }
        flush(decoder.gapDeadlineMs, configuration) { decoder.expire(atMs: $0) } after: { decoder.gapDeadlineMs }
    }

    static func serial(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let configuration = configuration(&reader)
        var decoder = SerialScanDecoder(configuration: configuration)
        var now: UInt64 = 0
        while !reader.isAtEnd {
            let control = reader.byte()
            now += delayMs(control)
            let chunk = reader.take(Int(control >> 6) * 8 + 1)
            for outcome in decoder.consume(chunk, atMs: now) { checkOutcome(outcome, configuration) }
        }
        flush(decoder.gapDeadlineMs, configuration) { decoder.expire(atMs: $0) } after: { decoder.gapDeadlineMs }
    }

    /// Ends a read left without terminator at its deadline: it must end then, and leave nothing pending.
    private static func flush(
        _ deadline: UInt64?, _ configuration: ScannerConfiguration,
        expire: (UInt64) -> ScanOutcome?, after pending: () -> UInt64?
    ) {
        guard let deadline else { return }
        if let outcome = expire(deadline) { checkOutcome(outcome, configuration) }
        require(pending() == nil, "a read is still pending after its gap deadline")
    }

    /// A read let through is non-empty, within the limit, printable (GS aside), and reads back the
    /// same when sent again, CR-terminated, over a serial line.
    static func checkOutcome(_ outcome: ScanOutcome, _ configuration: ScannerConfiguration) {
        guard case .scan(let event) = outcome else { return }
        let prefix = event.symbology?.aimIdentifier ?? ""
        let sent = Array((prefix + event.text).utf8)
        require(!event.text.isEmpty, "an empty scan was let through")
        require(sent.count <= configuration.maxScanLength,
                "a scan of \(sent.count) bytes passed the limit of \(configuration.maxScanLength)")
        require(!sent.contains { ($0 < 0x20 && $0 != 0x1D) || $0 == 0x7F }, "a scan holds a control byte: \(sent)")
        var fresh = SerialScanDecoder(configuration: configuration)
        let again = fresh.consume(sent + [0x0D], atMs: 0)
        require(again == [.scan(event)], "scan \(event) reads back as \(again)")
    }

    /// A HID-POS read sent again in 16-byte reports (15 bytes of content each) reads back the same.
    static func checkHIDPOSRoundTrip(_ event: ScanEvent, _ configuration: ScannerConfiguration) {
        let content = Array(((event.symbology?.aimIdentifier ?? "") + event.text).utf8)
        var decoder = HIDPOSDecoder(configuration: configuration)
        var outcomes: [ScanOutcome] = []
        var start = 0
        while start < content.count {
            let piece = content[start ..< min(content.count, start + 15)]
            var report = [UInt8(piece.count)] + piece
            report += [UInt8](repeating: 0, count: 16 - report.count)
            if let outcome = decoder.consume(report: report, atMs: 0) { outcomes.append(outcome) }
            start += piece.count
        }
        if let deadline = decoder.gapDeadlineMs, let outcome = decoder.expire(atMs: deadline) { outcomes.append(outcome) }
        require(outcomes == [.scan(event)], "HID-POS scan \(event) reads back as \(outcomes)")
    }
}
