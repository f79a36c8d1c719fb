/// Parses the ESC/POS byte stream a printer receives into receipts (a document model).
///
/// Bytes may arrive in any chunking: an incomplete command waits for the next `feed`.
/// Unknown or malformed commands never stop the interpreter; they become `.error` elements,
/// so an encoder bug shows up in the transcript instead of vanishing.
public struct ESCPOSInterpreter: Sendable {
    /// Dots fed by one line of `ESC d`, and the height of a blank line (the default line spacing).
    public static let lineSpacingDots = 30

    private let chineseModeAtPowerOn: Bool
    private let printAreaDots: Int?
    private var pending: [UInt8] = []
    private var pendingStartOffset = 0
    private var receipt = ESCPOSReceipt()
    private var events: [ESCPOSEvent] = []

    private var style = ESCPOSTextStyle()
    private var alignment = ESCPOSAlignment.left
    private var chineseMode: Bool
    private var lineRuns: [ESCPOSTextRun] = []
    private var lineAlignment = ESCPOSAlignment.left
    private var textBytes: [UInt8] = []
    private var textStartOffset = 0

    private var barcodeHeightDots = 162
    private var barcodeModuleWidthDots = 3
    private var barcodeHRIPosition = ESCPOSHRIPosition.hidden
    private var qrModuleSizeDots = 3
    private var qrErrorCorrection = QRErrorCorrection.low
    private var qrStoredPayload: [UInt8]?

    /// A printer just powered on. Many Chinese printers start in Chinese mode; by default the
    /// simulated one does not, so an encoder that forgets `FS &` prints `?` and logs an error.
    /// With `printAreaDots` (384 for 58 mm, 576 for 80 mm), a barcode or QR code wider than the
    /// paper is skipped with an error, as a real printer skips it; an image is cut off with one.
    public init(chineseModeAtPowerOn: Bool = false, printAreaDots: Int? = nil) {
        self.chineseModeAtPowerOn = chineseModeAtPowerOn
        self.printAreaDots = printAreaDots
        self.chineseMode = chineseModeAtPowerOn
    }

    /// Parses every complete command in `bytes` (plus any incomplete remainder from before).
    public mutating func feed(_ bytes: [UInt8]) -> [ESCPOSEvent] {
        pending += bytes
        var index = 0
        while index < pending.count {
            guard let consumed = step(at: index) else { break }
            index += consumed
        }
        pending.removeFirst(index)
        pendingStartOffset += index
        defer { events.removeAll() }
        return events
    }

    /// Ends the stream: an incomplete trailing command becomes an error, and whatever was
    /// printed after the last cut comes back as an uncut receipt (nil if nothing was).
    public mutating func finish() -> ESCPOSReceipt? {
        if !pending.isEmpty {
            endLineIfStarted()
            recordError(at: pendingStartOffset, "incomplete command at end of stream: \(hex(pending.prefix(8)))")
            pendingStartOffset += pending.count
            pending.removeAll()
        }
        endLineIfStarted()
        defer { receipt = ESCPOSReceipt() }
        return receipt.elements.isEmpty ? nil : receipt
    }

    /// Every receipt in a complete stream, the uncut remainder last.
    public static func receipts(
        in bytes: [UInt8], chineseModeAtPowerOn: Bool = false, printAreaDots: Int? = nil
    ) -> [ESCPOSReceipt] {
        var interpreter = ESCPOSInterpreter(chineseModeAtPowerOn: chineseModeAtPowerOn, printAreaDots: printAreaDots)
        var receipts: [ESCPOSReceipt] = []
        for case .receiptCompleted(let receipt) in interpreter.feed(bytes) {
            receipts.append(receipt)
        }
        if let remainder = interpreter.finish() {
            receipts.append(remainder)
        }
        return receipts
    }

    // MARK: - Dispatch

    /// Handles the command or text byte at `index`; returns the bytes consumed, or nil to wait for more.
    private mutating func step(at index: Int) -> Int? {
        let byte = pending[index]
        switch byte {
        case 0x0A:
            endLine()
            return 1
        case 0x0D, 0x09:
            return 1
        case 0x10:
            return dataLinkEscape(at: index)
        case 0x1B:
            return escape(at: index)
        case 0x1C:
            return fileSeparator(at: index)
        case 0x1D:
            return groupSeparator(at: index)
        case 0x20...:
            appendText(byte, at: index)
            return 1
        default:
            recordError(at: offset(index), "unexpected control byte \(hex([byte]))")
            return 1
        }
    }

    private func parameter(_ index: Int) -> Int? {
        index < pending.count ? Int(pending[index]) : nil
    }

    private mutating func dataLinkEscape(at index: Int) -> Int? {
        guard let command = parameter(index + 1) else { return nil }
        guard command == 0x04 else {
            recordError(at: offset(index), "unknown command \(hex([0x10, UInt8(command)]))")
            return 2
        }
        guard let kind = parameter(index + 2) else { return nil }
        if (1...4).contains(kind) {
            events.append(.statusRequested(.transmitStatus(kind)))
        } else {
            recordError(at: offset(index), "DLE EOT with unknown status kind \(kind)")
        }
        return 3
    }

    private mutating func escape(at index: Int) -> Int? {
        guard let command = parameter(index + 1) else { return nil }
        switch UInt8(command) {
        case 0x40:
            resetToPowerOnState()
            return 2
        case 0x32:
            return 2
        case 0x21:
            guard let mode = parameter(index + 2) else { return nil }
            updateStyle { style in
                style.bold = mode & 0x08 != 0
                style.heightMultiplier = mode & 0x10 != 0 ? 2 : 1
                style.widthMultiplier = mode & 0x20 != 0 ? 2 : 1
                style.underline = mode & 0x80 != 0
            }
            return 3
        case 0x45:
            guard let on = parameter(index + 2) else { return nil }
            updateStyle { $0.bold = on & 1 == 1 }
            return 3
        case 0x2D:
            guard let mode = parameter(index + 2) else { return nil }
            updateStyle { $0.underline = [1, 2, 0x31, 0x32].contains(mode) }
            return 3
        case 0x61:
            guard let mode = parameter(index + 2) else { return nil }
            switch mode {
            case 0, 0x30: alignment = .left
            case 1, 0x31: alignment = .center
            case 2, 0x32: alignment = .right
            default: recordError(at: offset(index), "ESC a with unknown alignment \(mode)")
            }
            return 3
        case 0x64:
            guard let lines = parameter(index + 2) else { return nil }
            endLineIfStarted()
            receipt.elements.append(.feed(dots: lines * Self.lineSpacingDots))
            return 3
        case 0x4A:
            guard let dots = parameter(index + 2) else { return nil }
            endLineIfStarted()
            receipt.elements.append(.feed(dots: dots))
            return 3
        case 0x70:
            guard let pin = parameter(index + 2), let on = parameter(index + 3),
                  let off = parameter(index + 4) else { return nil }
            endLineIfStarted()
            receipt.elements.append(.drawerKick(pin: pin & 1 == 0 ? 2 : 5, onMs: on * 2, offMs: off * 2))
            return 5
        case 0x33, 0x74, 0x4D, 0x52, 0x20, 0x47, 0x7B:
            // Line spacing, code table, font, character set, spacing, double strike, upside down:
            // accepted, not drawn differently.
            return parameter(index + 2) == nil ? nil : 3
        default:
            recordError(at: offset(index), "unknown command \(hex([0x1B, UInt8(command)]))")
            return 2
        }
    }

    private mutating func fileSeparator(at index: Int) -> Int? {
        guard let command = parameter(index + 1) else { return nil }
        switch command {
        case 0x26:
            setChineseMode(true)
            return 2
        case 0x2E:
            setChineseMode(false)
            return 2
        case 0x21, 0x2D, 0x43:
            // Chinese character mode, underline and code system: accepted, not drawn differently.
            return parameter(index + 2) == nil ? nil : 3
        default:
            recordError(at: offset(index), "unknown command \(hex([0x1C, UInt8(command)]))")
            return 2
        }
    }

    private mutating func groupSeparator(at index: Int) -> Int? {
        guard let command = parameter(index + 1) else { return nil }
        switch command {
        case 0x21:
            guard let size = parameter(index + 2) else { return nil }
            updateStyle { style in
                style.widthMultiplier = (size >> 4 & 0x07) + 1
                style.heightMultiplier = (size & 0x07) + 1
            }
            return 3
        case 0x68:
            guard let height = parameter(index + 2) else { return nil }
            barcodeHeightDots = max(1, height)
            return 3
        case 0x77:
            guard let width = parameter(index + 2) else { return nil }
            barcodeModuleWidthDots = min(max(width, 1), 6)
            return 3
        case 0x48:
            guard let position = parameter(index + 2) else { return nil }
            barcodeHRIPosition = [ESCPOSHRIPosition.hidden, .above, .below, .both][position & 0x03]
            return 3
        case 0x66:
            // HRI font: accepted, nothing to draw.
            return parameter(index + 2) == nil ? nil : 3
        case 0x61:
            guard let mask = parameter(index + 2) else { return nil }
            events.append(.automaticStatusBack(mask: UInt8(truncatingIfNeeded: mask)))
            return 3
        case 0x4C, 0x57:
            // Left margin and print area width: accepted; the simulated paper uses its full width.
            return parameter(index + 3) == nil ? nil : 4
        case 0x72:
            guard let kind = parameter(index + 2) else { return nil }
            switch kind {
            case 1, 0x31: events.append(.statusRequested(.paperSensor))
            case 2, 0x32: events.append(.statusRequested(.drawerSensor))
            default: recordError(at: offset(index), "GS r with unknown status kind \(kind)")
            }
            return 3
        case 0x56:
            return cut(at: index)
        case 0x6B:
            return barcode(at: index)
        case 0x28:
            return extendedFunction(at: index)
        case 0x76:
            return rasterImage(at: index)
        default:
            recordError(at: offset(index), "unknown command \(hex([0x1D, UInt8(command)]))")
            return 2
        }
    }

    // MARK: - Text

    private func offset(_ index: Int) -> Int {
        pendingStartOffset + index
    }

    private mutating func appendText(_ byte: UInt8, at index: Int) {
        if textBytes.isEmpty {
            if lineRuns.isEmpty {
                lineAlignment = alignment
            }
            textStartOffset = offset(index)
        }
        textBytes.append(byte)
    }

    /// Closes the current run so a style or mode change applies only to what follows.
    private mutating func flushText() {
        guard !textBytes.isEmpty else { return }
        let text: String
        if chineseMode {
            let decoded = GB18030Decoder.decode(textBytes)
            if decoded.hadInvalidBytes {
                recordError(at: textStartOffset, "invalid GB18030 text \(hex(textBytes.prefix(8)))")
            }
            text = decoded.text
        } else {
            if let first = textBytes.firstIndex(where: { $0 >= 0x80 }) {
                recordError(
                    at: textStartOffset + first,
                    "byte \(hex([textBytes[first]])) outside Chinese mode (missing FS &?)"
                )
            }
            text = String(decoding: textBytes.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
        }
        lineRuns.append(ESCPOSTextRun(text: text, style: style))
        textBytes.removeAll()
    }

    private mutating func updateStyle(_ change: (inout ESCPOSTextStyle) -> Void) {
        flushText()
        change(&style)
    }

    private mutating func setChineseMode(_ on: Bool) {
        flushText()
        chineseMode = on
    }

    private mutating func endLine() {
        flushText()
        let lineAlignmentUsed = lineRuns.isEmpty ? alignment : lineAlignment
        receipt.elements.append(.line(lineRuns, alignment: lineAlignmentUsed))
        lineRuns.removeAll()
    }

    /// Prints buffered text before a command that prints or feeds (as real printers do).
    private mutating func endLineIfStarted() {
        if !textBytes.isEmpty || !lineRuns.isEmpty {
            endLine()
        }
    }

    private mutating func resetToPowerOnState() {
        textBytes.removeAll()
        lineRuns.removeAll()
        style = ESCPOSTextStyle()
        alignment = .left
        chineseMode = chineseModeAtPowerOn
        barcodeHeightDots = 162
        barcodeModuleWidthDots = 3
        barcodeHRIPosition = .hidden
        qrModuleSizeDots = 3
        qrErrorCorrection = .low
        qrStoredPayload = nil
    }

    private mutating func recordError(at offset: Int, _ message: String) {
        receipt.elements.append(.error(offset: offset, message: message))
    }

    // MARK: - Cut, barcodes, QR, images

    private mutating func cut(at index: Int) -> Int? {
        guard let mode = parameter(index + 2) else { return nil }
        var length = 3
        var feedDots = 0
        let cut: ESCPOSCut
        switch mode {
        case 0, 0x30: cut = .full
        case 1, 0x31: cut = .partial
        case 0x41, 0x42, 0x61, 0x62, 0x67, 0x68:
            guard let dots = parameter(index + 3) else { return nil }
            length = 4
            feedDots = dots
            cut = mode & 1 == 1 ? .full : .partial
        default:
            recordError(at: offset(index), "GS V with unknown cut mode \(mode)")
            return 3
        }
        endLineIfStarted()
        if feedDots > 0 {
            receipt.elements.append(.feed(dots: feedDots))
        }
        receipt.cut = cut
        events.append(.receiptCompleted(receipt))
        receipt = ESCPOSReceipt()
        return length
    }

    private mutating func barcode(at index: Int) -> Int? {
        guard let kind = parameter(index + 2) else { return nil }
        let data: [UInt8]
        let length: Int
        if kind <= 6 {
            // At most 255 data bytes and the NUL: looking further would make the outcome depend on
            // how much of the stream had arrived when the command was read.
            let searchEnd = min(pending.count, index + 3 + 256)
            guard let terminator = pending[(index + 3)..<searchEnd].firstIndex(of: 0) else {
                if pending.count - index > 3 + 255 {
                    recordError(at: offset(index), "GS k data without NUL terminator")
                    return 3
                }
                return nil
            }
            data = Array(pending[(index + 3)..<terminator])
            length = terminator + 1 - index
        } else {
            guard let count = parameter(index + 3) else { return nil }
            guard pending.count >= index + 4 + count else { return nil }
            data = Array(pending[(index + 4)..<(index + 4 + count)])
            length = 4 + count
        }
        endLineIfStarted()
        let symbology: ESCPOSBarcodeSymbology
        let modules: [Bool]
        let readable: [UInt8]
        switch kind {
        case 2, 67:
            symbology = .ean13
            do {
                modules = try EAN13.modules(for: data)
                readable = try EAN13.fullDigits(data)
            } catch {
                recordError(at: offset(index), "EAN-13 data \(quoted(data)) rejected: \(error)")
                return length
            }
        case 73:
            symbology = .code128
            do {
                let symbol = try Code128.symbol(for: data)
                modules = Code128.modules(for: symbol)
                readable = symbol.text
            } catch {
                recordError(at: offset(index), "CODE128 data \(quoted(data)) rejected: \(error)")
                return length
            }
        default:
            recordError(at: offset(index), "barcode type \(kind) is not supported by the simulated printer")
            return length
        }
        if let printAreaDots, modules.count * barcodeModuleWidthDots > printAreaDots {
            recordError(at: offset(index), "barcode \(modules.count * barcodeModuleWidthDots) dots wide "
                + "exceeds the \(printAreaDots)-dot print area: not printed")
            return length
        }
        receipt.elements.append(.barcode(ESCPOSBarcode(
            symbology: symbology, data: data, readableText: String(decoding: readable, as: UTF8.self),
            modules: modules, heightDots: barcodeHeightDots, moduleWidthDots: barcodeModuleWidthDots,
            hriPosition: barcodeHRIPosition, alignment: alignment
        )))
        return length
    }

    /// `GS ( k pL pH cn fn …`: the QR code functions (cn = 49).
    private mutating func extendedFunction(at index: Int) -> Int? {
        guard let selector = parameter(index + 2), let low = parameter(index + 3),
              let high = parameter(index + 4) else { return nil }
        guard selector == 0x6B else {
            recordError(at: offset(index), "unknown command GS ( \(hex([UInt8(selector)]))")
            return 3
        }
        let parameterCount = low + high * 256
        let length = 5 + parameterCount
        guard pending.count >= index + length else { return nil }
        guard parameterCount >= 2 else {
            recordError(at: offset(index), "GS ( k with only \(parameterCount) parameter bytes")
            return length
        }
        let symbolKind = Int(pending[index + 5])
        let function = Int(pending[index + 6])
        let arguments = Array(pending[(index + 7)..<(index + length)])
        guard symbolKind == 49 else {
            recordError(at: offset(index), "GS ( k symbol kind \(symbolKind) is not supported (only QR, 49)")
            return length
        }
        switch function {
        case 65, 82:
            break
        case 67:
            if let size = arguments.first, (1...16).contains(size) {
                qrModuleSizeDots = Int(size)
            } else {
                recordError(at: offset(index), "QR module size out of range 1–16")
            }
        case 69:
            if let level = arguments.first, (48...51).contains(level),
               let correction = QRErrorCorrection(rawValue: Int(level) - 48) {
                qrErrorCorrection = correction
            } else {
                recordError(at: offset(index), "QR error-correction level not 48–51")
            }
        case 80:
            qrStoredPayload = Array(arguments.dropFirst())
        case 81:
            printStoredQRCode(at: index)
        default:
            recordError(at: offset(index), "QR function \(function) is unknown")
        }
        return length
    }

    private mutating func printStoredQRCode(at index: Int) {
        endLineIfStarted()
        guard let payload = qrStoredPayload, !payload.isEmpty else {
            recordError(at: offset(index), "QR print without stored data")
            return
        }
        do {
            let symbol = try QRCode(payload: payload, errorCorrection: qrErrorCorrection)
            if let printAreaDots, symbol.size * qrModuleSizeDots > printAreaDots {
                recordError(at: offset(index), "QR code \(symbol.size * qrModuleSizeDots) dots wide "
                    + "exceeds the \(printAreaDots)-dot print area: not printed")
                return
            }
            receipt.elements.append(.qrCode(ESCPOSQRCode(
                payload: payload, symbol: symbol, moduleSizeDots: qrModuleSizeDots, alignment: alignment
            )))
        } catch {
            recordError(at: offset(index), "QR payload of \(payload.count) bytes does not fit: \(error)")
        }
    }

    /// `GS v 0 m xL xH yL yH d…`.
    private mutating func rasterImage(at index: Int) -> Int? {
        guard pending.count >= index + 8 else { return nil }
        guard pending[index + 2] == 0x30 else {
            recordError(at: offset(index), "unknown command GS v \(hex([pending[index + 2]]))")
            return 3
        }
        let mode = Int(pending[index + 3])
        let widthBytes = Int(pending[index + 4]) + Int(pending[index + 5]) * 256
        let heightDots = Int(pending[index + 6]) + Int(pending[index + 7]) * 256
        let length = 8 + widthBytes * heightDots
        guard pending.count >= index + length else { return nil }
        endLineIfStarted()
        let scale = mode & 1 == 1 ? 2 : 1
        if let printAreaDots, widthBytes * 8 * scale > printAreaDots {
            recordError(at: offset(index), "image \(widthBytes * 8 * scale) dots wide "
                + "exceeds the \(printAreaDots)-dot print area: cut off")
        }
        receipt.elements.append(.rasterImage(ESCPOSRasterImage(
            widthBytes: widthBytes, heightDots: heightDots, bits: Array(pending[(index + 8)..<(index + length)]),
            horizontalScale: scale, verticalScale: mode & 2 == 2 ? 2 : 1, alignment: alignment
        )))
        return length
    }
}

/// Bytes as `1B 40`, for error messages.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { byte in
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }.joined(separator: " ")
}

private func quoted(_ bytes: [UInt8]) -> String {
    "\"" + String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x3F }, as: UTF8.self) + "\""
}
