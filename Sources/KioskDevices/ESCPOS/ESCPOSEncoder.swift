/// Builds the bytes of ESC/POS commands, the language of thermal receipt printers.
///
/// This is the project's one ESC/POS encoder: the USB printer driver sends what it produces and the
/// simulated printer reads it back. It is a value type with no I/O: append commands, then take
/// ``bytes``. Text goes out in GB18030; characters no printer font has are replaced by `?` here
/// (``ReceiptBuilder`` rasterises them instead).
public struct ESCPOSEncoder: Sendable, Equatable {
    /// The command bytes appended so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts with no bytes; `capacity` reserves room for a typical job up front.
    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// `ESC @`: resets the printer's modes (not its buffer) to power-on defaults.
    public mutating func initialize() {
        bytes += [0x1B, 0x40]
    }

    /// `ESC E n`: emphasised (bold) text on or off.
    public mutating func setBold(_ on: Bool) {
        bytes += [0x1B, 0x45, on ? 1 : 0]
    }

    /// `GS ! n`: character size as multiples of the normal cell, 1…8 in each direction.
    public mutating func setSize(width: Int = 1, height: Int = 1) {
        let widthFactor = UInt8(min(max(width, 1), 8) - 1)
        let heightFactor = UInt8(min(max(height, 1), 8) - 1)
        bytes += [0x1D, 0x21, widthFactor << 4 | heightFactor]
    }

    /// Where a line sits on the paper.
    public enum Alignment: UInt8, Sendable {
        case left = 0, center = 1, right = 2
    }

    /// `ESC a n`: alignment of the following lines.
    public mutating func setAlignment(_ alignment: Alignment) {
        bytes += [0x1B, 0x61, alignment.rawValue]
    }

    /// `FS &` / `FS .`: Chinese (double-byte) character mode on or off. Printers sold in China
    /// usually start in it; others print GBK bytes as two Latin characters unless it is on.
    public mutating func setChineseMode(_ on: Bool) {
        bytes += on ? [0x1C, 0x26] : [0x1C, 0x2E]
    }

    /// `ESC t n`: the single-byte code page for bytes 0x80–0xFF outside Chinese mode.
    public mutating func selectCodePage(_ page: UInt8) {
        bytes += [0x1B, 0x74, page]
    }

    /// Appends `text` in GB18030, replacing characters no printer font has with `?`.
    /// Control characters are dropped so text can never inject a command; a line feed (or CR LF)
    /// ends a line.
    public mutating func text(_ text: String) {
        if let encoded = GB18030.encodeSingleScalarCharacters(text) {
            self.text(encoded: encoded, encoded.indices)
            return
        }
        guard let characters = GB18030.encodeCharacters(text) else {
            bytes += text.map { _ in UInt8(ascii: "?") }
            return
        }
        for (character, encoded) in characters {
            append(character: encoded, isLineFeed: character == "\n" || character == "\r\n",
                   isControl: character.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false)
        }
    }

    /// Appends the characters of GB18030 `bytes` in `range` (whole sequences, each one character), as
    /// ``text(_:)`` does: ``ReceiptBuilder`` lays text out on bytes it has converted once.
    mutating func text(encoded bytes: [UInt8], _ range: Range<Int>) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let length = Swift.min(GB18030.sequenceLength(bytes, at: offset), range.upperBound - offset)
            if length == 2 {
                self.bytes.append(bytes[offset])
                self.bytes.append(bytes[offset + 1])
            } else if length == 1, bytes[offset] == 0x0A || TextWidth.columns(ofEncoded: bytes, at: offset, length: 1) != nil {
                self.bytes.append(bytes[offset])
            } else if length > 1 || bytes[offset] >= 0x80 {
                // No printer font has it; a single byte below 0x80 that is not printable is a control, dropped.
                self.bytes.append(UInt8(ascii: "?"))
            }
            offset += length
        }
    }

    /// Appends `count` spaces.
    mutating func spaces(_ count: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// Appends one character given as its GB18030 bytes: a line feed stays, another control character is
    /// dropped, and a character no printer font has prints as `?`.
    private mutating func append(character encoded: ArraySlice<UInt8>, isLineFeed: Bool, isControl: Bool) {
        if isLineFeed {
            bytes.append(0x0A)
        } else if TextWidth.columns(ofEncoded: encoded) != nil {
            bytes += encoded
        } else if !isControl {
            bytes.append(UInt8(ascii: "?"))
        }
    }

    /// Appends `text` followed by a line feed.
    public mutating func line(_ text: String = "") {
        self.text(text)
        bytes.append(0x0A)
    }

    /// `ESC d n`: prints the buffer and feeds `lines` lines.
    public mutating func feed(lines: Int) {
        bytes += [0x1B, 0x64, UInt8(min(max(lines, 0), 255))]
    }

    /// Where the human-readable digits of a barcode go.
    public enum HumanReadablePosition: UInt8, Sendable {
        case none = 0, above = 1, below = 2, both = 3
    }

    /// Appends an EAN-13 barcode (`GS k 67`). `digits` holds 12 digits (the check digit is
    /// computed) or 13 (the check digit is verified).
    public mutating func ean13(
        _ digits: String, heightDots: Int = 80, moduleWidth: Int = 2,
        humanReadable: HumanReadablePosition = .below
    ) throws(ESCPOSEncodingError) {
        // ASCII digits, the usual case, without a Unicode property lookup per character.
        let isASCIIDigits = digits.utf8.allSatisfy { (0x30 ... 0x39).contains($0) }
        let values = isASCIIDigits ? digits.utf8.map { Int($0 - 0x30) } : digits.compactMap { $0.wholeNumberValue }
        guard values.count == digits.count, values.count == 12 || values.count == 13 else {
            throw .invalidBarcode(digits)
        }
        let check = Self.ean13CheckDigit(Array(values.prefix(12)))
        if values.count == 13, values[12] != check { throw .invalidBarcode(digits) }
        let data = values.prefix(12).map { UInt8(ascii: "0") + UInt8($0) } + [UInt8(ascii: "0") + UInt8(check)]
        barcodeSettings(heightDots: heightDots, moduleWidth: moduleWidth, humanReadable: humanReadable)
        bytes += [0x1D, 0x6B, 67, UInt8(data.count)] + data
    }

    /// Appends a GS1-128 barcode (`GS k 73`: Code 128 set C opened by FNC1) of an all-digit element
    /// string of even length, e.g. `(01)…(3103)…(13)…(10)…` with a numeric lot last.
    public mutating func gs1_128(
        digits: String, heightDots: Int = 80, moduleWidth: Int = 2, humanReadable: HumanReadablePosition = .none
    ) throws(ESCPOSEncodingError) {
        let ascii = Array(digits.utf8)
        guard !ascii.isEmpty, ascii.count % 2 == 0, ascii.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidBarcode(digits)
        }
        var data: [UInt8] = [UInt8(ascii: "{"), UInt8(ascii: "C"), UInt8(ascii: "{"), UInt8(ascii: "1")]
        for index in stride(from: 0, to: ascii.count, by: 2) {
            data.append((ascii[index] - 0x30) * 10 + ascii[index + 1] - 0x30)
        }
        guard data.count <= 255 else { throw .invalidBarcode(digits) }
        barcodeSettings(heightDots: heightDots, moduleWidth: moduleWidth, humanReadable: humanReadable)
        bytes += [0x1D, 0x6B, 73, UInt8(data.count)] + data
    }

    /// Appends a Code 128 barcode (`GS k 73`) in code set B: printable ASCII, at most 253 characters.
    public mutating func code128(
        _ text: String, heightDots: Int = 80, moduleWidth: Int = 2,
        humanReadable: HumanReadablePosition = .below
    ) throws(ESCPOSEncodingError) {
        let ascii = Array(text.utf8)
        guard !ascii.isEmpty, ascii.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw .invalidBarcode(text) }
        // `{` introduces a code-set switch in ESC/POS Code 128 data, so a literal one is doubled.
        var data: [UInt8] = [UInt8(ascii: "{"), UInt8(ascii: "B")]
        for byte in ascii {
            data.append(byte)
            if byte == UInt8(ascii: "{") { data.append(byte) }
        }
        guard data.count <= 255 else { throw .invalidBarcode(text) }
        barcodeSettings(heightDots: heightDots, moduleWidth: moduleWidth, humanReadable: humanReadable)
        bytes += [0x1D, 0x6B, 73, UInt8(data.count)] + data
    }

    /// How much of a QR code may be damaged and still read.
    public enum QRErrorCorrection: UInt8, Sendable {
        case low = 48, medium = 49, quartile = 50, high = 51
    }

    /// Appends a QR code (`GS ( k`, model 2). Pass UTF-8 or ASCII payloads: phone decoders guess
    /// GB18030 bytes wrong.
    public mutating func qrCode(
        _ payload: [UInt8], moduleSizeDots: Int = 6, errorCorrection: QRErrorCorrection = .medium
    ) throws(ESCPOSEncodingError) {
        guard !payload.isEmpty, payload.count <= 7089 else { throw .invalidQRPayload(count: payload.count) }
        let storeLength = payload.count + 3
        bytes += [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, UInt8(min(max(moduleSizeDots, 1), 16))]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, errorCorrection.rawValue]
        bytes += [0x1D, 0x28, 0x6B, UInt8(storeLength & 0xFF), UInt8(storeLength >> 8), 0x31, 0x50, 0x30]
        bytes += payload
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
    }

    /// Appends a QR code of a text payload, sent as UTF-8.
    public mutating func qrCode(
        _ text: String, moduleSizeDots: Int = 6, errorCorrection: QRErrorCorrection = .medium
    ) throws(ESCPOSEncodingError) {
        try qrCode(Array(text.utf8), moduleSizeDots: moduleSizeDots, errorCorrection: errorCorrection)
    }

    /// Appends a raster image (`GS v 0`), in bands of at most ``rasterBandRows`` rows because
    /// cheap printers overflow their line buffer on one tall image.
    public mutating func rasterImage(_ image: MonochromeBitmap) {
        let bytesPerRow = image.bytesPerRow
        var row = 0
        while row < image.heightDots {
            let rows = min(Self.rasterBandRows, image.heightDots - row)
            bytes += [0x1D, 0x76, 0x30, 0x00,
                      UInt8(bytesPerRow & 0xFF), UInt8(bytesPerRow >> 8),
                      UInt8(rows & 0xFF), UInt8(rows >> 8)]
            bytes += image.rows[(row * bytesPerRow)..<((row + rows) * bytesPerRow)]
            row += rows
        }
    }

    /// The tallest band ``rasterImage(_:)`` sends in one command.
    public static let rasterBandRows = 256

    /// How the paper is cut.
    public enum Cut: UInt8, Sendable {
        case full = 65, partial = 66
    }

    /// `GS V m n`: feeds `feedDots` (so the last line clears the blade) and cuts.
    public mutating func cut(_ cut: Cut, feedDots: Int = 48) {
        bytes += [0x1D, 0x56, cut.rawValue, UInt8(min(max(feedDots, 0), 255))]
    }

    /// `ESC p m t1 t2`: pulses the cash drawer solenoid. `pin` is 2 or 5 on the RJ-11 socket; the
    /// pulse lasts `pulseMs` (rounded to the printer's 2 ms unit) and the same again as rest.
    public mutating func kickDrawer(pin: Int, pulseMs: Int) {
        let units = UInt8(min(max(pulseMs / 2, 1), 255))
        bytes += [0x1B, 0x70, pin == 5 ? 1 : 0, units, units]
    }

    /// `GS a n`: enables automatic status back: the printer sends a 4-byte status on every change.
    public mutating func setAutomaticStatusBack(_ on: Bool) {
        bytes += [0x1D, 0x61, on ? 0x0F : 0x00]
    }

    /// `GS r 1`: asks for the paper sensor status. Unlike `DLE EOT`, it is answered only after
    /// everything before it is processed, which is what makes it a job confirmation.
    public mutating func requestPaperStatus() {
        bytes += Self.paperStatusRequest
    }

    /// The bytes of `GS r 1`.
    public static let paperStatusRequest: [UInt8] = [0x1D, 0x72, 0x01]

    /// The bytes of the real-time status request `DLE EOT n`, answered at once even mid-job.
    public static func realTimeStatusRequest(_ kind: RealTimeStatusKind) -> [UInt8] {
        [0x10, 0x04, kind.rawValue]
    }

    private mutating func barcodeSettings(heightDots: Int, moduleWidth: Int, humanReadable: HumanReadablePosition) {
        bytes += [0x1D, 0x68, UInt8(min(max(heightDots, 1), 255))]
        bytes += [0x1D, 0x77, UInt8(min(max(moduleWidth, 2), 6))]
        bytes += [0x1D, 0x48, humanReadable.rawValue]
    }

    /// The EAN-13 check digit of the first 12 digits.
    public static func ean13CheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (index, digit) in digits.prefix(12).enumerated() {
            sum += index % 2 == 0 ? digit : digit * 3
        }
        return (10 - sum % 10) % 10
    }
}

/// Why a command could not be encoded.
public enum ESCPOSEncodingError: Error, Equatable, Sendable {
    /// The text is not valid for the barcode symbology.
    case invalidBarcode(String)
    /// A QR payload that is empty or longer than a QR code holds.
    case invalidQRPayload(count: Int)
    /// A barcode wider than the paper at the narrowest module the printer accepts (2 dots).
    case barcodeTooWide(String, dots: Int)
}
