/// Lays out a receipt for one printer: column-aware lines, money in `￥`, barcodes, QR codes,
/// images, cut and drawer, and produces the ESC/POS bytes through ``ESCPOSEncoder``.
///
/// Widths are counted in printer columns (a Chinese character takes 2), so two-column lines such as
/// `核桃 2kg ........ ￥36.00` line up on both 58 mm and 80 mm paper.
public struct ReceiptBuilder: Sendable {
    /// The printer this receipt is laid out for.
    public let configuration: PrinterConfiguration
    private var encoder: ESCPOSEncoder
    private let rasterizer: (any TextRasterizer)?
    private var widthFactor = 1

    /// Starts a receipt with `ESC @` and, where the printer needs it, Chinese mode and code page.
    /// `rasterizer` draws text the printer's fonts lack; without one such characters print as `?`.
    public init(configuration: PrinterConfiguration, rasterizer: (any TextRasterizer)? = nil) {
        self.configuration = configuration
        self.rasterizer = rasterizer
        encoder = ESCPOSEncoder()
        encoder.initialize()
        if let codePage = configuration.codePage { encoder.selectCodePage(codePage) }
        if configuration.chineseMode { encoder.setChineseMode(true) }
    }

    /// The finished bytes.
    public var bytes: [UInt8] { encoder.bytes }

    /// Columns available at the current character width.
    public var columns: Int { configuration.columns / widthFactor }

    /// Bold on or off for the following lines.
    public mutating func bold(_ on: Bool) { encoder.setBold(on) }

    /// Character size for the following lines (1…8 times normal).
    public mutating func size(width: Int = 1, height: Int = 1) {
        widthFactor = min(max(width, 1), 8)
        encoder.setSize(width: width, height: height)
    }

    /// Alignment for the following lines.
    public mutating func align(_ alignment: ESCPOSEncoder.Alignment) { encoder.setAlignment(alignment) }

    /// Prints `text`, wrapped at the column limit. A line with characters the printer has no font
    /// for is drawn as an image when a rasterizer is available.
    public mutating func line(_ text: String) {
        if let encoded = GB18030.encodeSingleScalarCharacters(text) {
            // Receipt text: converted once, measured and wrapped on its bytes.
            if TextWidth.columns(ofEncoded: encoded, encoded.indices) != nil || !rasterise(text) {
                var start = 0
                repeat {
                    let end = TextWidth.end(ofEncoded: encoded, from: start, fitting: columns)
                    encoder.text(encoded: encoded, start ..< end)
                    encoder.line()
                    start = end
                } while start < encoded.count
            }
            return
        }
        if TextWidth.columns(of: text) == nil, rasterise(text) { return }
        var rest = text
        repeat {
            let (head, tail) = TextWidth.split(rest, fitting: columns)
            encoder.line(head)
            rest = tail
        } while !rest.isEmpty
    }

    /// Draws `text` as an image when there is a rasterizer and it can; returns whether it did.
    private mutating func rasterise(_ text: String) -> Bool {
        guard let rasterizer, let image = rasterizer.rasterize(text, maxWidthDots: configuration.paperWidthDots) else {
            return false
        }
        encoder.rasterImage(image)
        return true
    }

    /// Prints `left` and `right` on one line, `right` flush with the right edge, e.g. an item name
    /// and its price. A name too long for the line wraps; the price goes on its last line.
    public mutating func twoColumns(_ left: String, _ right: String) {
        guard let leftBytes = GB18030.encodeSingleScalarCharacters(left),
              let rightBytes = GB18030.encodeSingleScalarCharacters(right) else {
            return twoColumnsOfCharacters(left, right)
        }
        // Receipt text: each side converted once, measured and wrapped on its bytes.
        let rightWidth = TextWidth.columns(ofEncoded: rightBytes, rightBytes.indices)
            ?? TextWidth.characterCount(ofEncoded: rightBytes, rightBytes.indices)
        let leftRoom = max(columns - rightWidth - 1, 1)
        var start = 0
        func leftWidth() -> Int {
            TextWidth.columns(ofEncoded: leftBytes, start ..< leftBytes.count)
                ?? TextWidth.characterCount(ofEncoded: leftBytes, start ..< leftBytes.count)
        }
        while leftWidth() > leftRoom {
            let end = TextWidth.end(ofEncoded: leftBytes, from: start, fitting: leftRoom)
            // A right side wider than the line leaves room for no wide character: stop wrapping.
            guard end > start else { break }
            encoder.text(encoded: leftBytes, start ..< end)
            encoder.line()
            start = end
        }
        let gap = max(columns - leftWidth() - rightWidth, 1)
        encoder.text(encoded: leftBytes, start ..< leftBytes.count)
        encoder.spaces(gap)
        encoder.text(encoded: rightBytes, rightBytes.indices)
        encoder.line()
    }

    /// ``twoColumns(_:_:)`` for text whose characters are not all single scalars, laid out by character.
    private mutating func twoColumnsOfCharacters(_ left: String, _ right: String) {
        let rightWidth = TextWidth.columns(of: right) ?? right.count
        let leftRoom = max(columns - rightWidth - 1, 1)
        var rest = left
        while (TextWidth.columns(of: rest) ?? rest.count) > leftRoom {
            let (head, tail) = TextWidth.split(rest, fitting: leftRoom)
            encoder.line(head)
            rest = tail
        }
        let leftWidth = TextWidth.columns(of: rest) ?? rest.count
        let gap = max(columns - leftWidth - rightWidth, 1)
        encoder.line(rest + String(repeating: " ", count: gap) + right)
    }

    /// A line of `-` across the paper.
    public mutating func rule() { encoder.line(String(repeating: "-", count: columns)) }

    /// Feeds `lines` blank lines.
    public mutating func feed(lines: Int) { encoder.feed(lines: lines) }

    /// A centred EAN-13 barcode.
    public mutating func ean13(_ digits: String) throws(ESCPOSEncodingError) {
        encoder.setAlignment(.center)
        try encoder.ean13(digits)
        encoder.setAlignment(.left)
    }

    /// A centred Code 128 barcode, sized so it fits the paper. A code too long for the paper at two
    /// dots a module (the narrowest `GS w` takes) is refused: a printer would skip it.
    public mutating func code128(_ text: String) throws(ESCPOSEncodingError) {
        // Code 128 set B takes 11 modules per character plus 35 for start, check and stop.
        let modules = (text.utf8.count + 3) * 11 + 35
        guard modules * 2 <= configuration.paperWidthDots else {
            throw .barcodeTooWide(text, dots: modules * 2)
        }
        encoder.setAlignment(.center)
        let moduleWidth = min(configuration.paperWidthDots / modules, 3)
        try encoder.code128(text, moduleWidth: moduleWidth)
        encoder.setAlignment(.left)
    }

    /// Whether a GS1-128 barcode of `digits` fits the paper at two dots a module (the narrowest
    /// `GS w` takes): code set C, FNC1 and a symbol per digit pair, 11 modules each, with start,
    /// check, stop and quiet zones as for ``code128(_:)``.
    public func fitsGS1_128(digits: String) -> Bool {
        (1 + digits.utf8.count / 2 + 3) * 11 * 2 + 35 * 2 <= configuration.paperWidthDots
    }

    /// A centred GS1-128 barcode of an all-digit element string (code set C), two dots a module;
    /// refused when it does not fit the paper (split the element string over several symbols).
    public mutating func gs1_128(digits: String) throws(ESCPOSEncodingError) {
        guard fitsGS1_128(digits: digits) else {
            throw .barcodeTooWide(digits, dots: (1 + digits.utf8.count / 2 + 3) * 22 + 70)
        }
        encoder.setAlignment(.center)
        try encoder.gs1_128(digits: digits, moduleWidth: 2)
        encoder.setAlignment(.left)
    }

    /// A centred QR code of a UTF-8 payload.
    public mutating func qrCode(_ payload: String) throws(ESCPOSEncodingError) {
        encoder.setAlignment(.center)
        try encoder.qrCode(payload, moduleSizeDots: configuration.paperWidthDots >= 576 ? 8 : 6)
        encoder.setAlignment(.left)
    }

    /// A centred image, such as the station logo.
    public mutating func image(_ bitmap: MonochromeBitmap) {
        encoder.setAlignment(.center)
        encoder.rasterImage(bitmap)
        encoder.setAlignment(.left)
    }

    /// Feeds past the blade and cuts, when the printer has a cutter; otherwise feeds for tearing.
    public mutating func cut(_ cut: ESCPOSEncoder.Cut = .partial) {
        if configuration.hasCutter {
            encoder.cut(cut)
        } else {
            encoder.feed(lines: 4)
        }
    }

    /// Opens the cash drawer, when one is connected.
    public mutating func openDrawer() {
        guard let pin = configuration.drawerPin else { return }
        encoder.kickDrawer(pin: pin, pulseMs: configuration.drawerPulseMs)
    }

    /// Money as printed on a receipt: `￥12.50` (full-width yuan sign, safe in every GBK font).
    public static func money(fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)￥\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
