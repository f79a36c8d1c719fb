/// What a scan is, decided from its raw ASCII bytes alone.
///
/// The device layer hands over the bytes a scanner sent (it may or may not have stripped the
/// AIM symbology prefix and the CR/TAB terminator). The classifier never allocates: the scan is
/// copied into inline storage first (at most ``ScanClassifier/maximumScanBytes``).
public enum ScanClassification: Hashable, Sendable {
    /// A retail product code (EAN-13, EAN-8, UPC-A, GTIN-14) with a valid check digit.
    case product(ProductCode)
    /// An in-store scale label: EAN-13 `2 IIIIII PPPPP C` — item code, price in fen.
    case scaleLabel(ScaleLabel)
    /// A GS1-128 element string (weighed produce, batches).
    case gs1(GS1Data)
    /// A customer's payment code.
    case paymentCode(PaymentCode)
    /// An operator command barcode.
    case command(CommandCode)
    /// Code 128 free text (printable ASCII) that is none of the above.
    case freeText(FixedBytes64)
    /// Not usable, and why.
    case rejected(ScanRejection)
}

/// Why a scan could not be used.
public enum ScanRejection: UInt8, Hashable, Sendable {
    /// Nothing but a prefix or terminator.
    case empty = 1
    /// Longer than the classifier accepts.
    case tooLong = 2
    /// A byte outside printable ASCII (other than the GS separator).
    case notASCII = 3
    /// The digits have the shape of a product code but the check digit is wrong.
    case badCheckDigit = 4
    /// Only digits, but no product code or payment code has that length and prefix.
    case unknownDigits = 5
    /// A `#` command this kiosk does not know.
    case unknownCommand = 6
    /// A GS1 element string that is malformed or uses an unsupported application identifier.
    case badGS1 = 7
}

/// An in-store scale label (EAN-13, prefix 2) with the price printed in it.
public struct ScaleLabel: Hashable, Sendable {
    /// The six digits after the leading 2 (flag and PLU item number).
    public let itemCode: Int32
    /// The label's price in fen (at most 999.99 yuan).
    public let priceFen: Int64
    /// The full 13 digits.
    public let digits: FixedBytes16
}

/// The fields of a GS1-128 element string this kiosk understands.
public struct GS1Data: Hashable, Sendable {
    /// AI 01: the GTIN-14, check digit verified.
    public var gtin = FixedBytes16()
    /// AI 10: the batch or lot (up to 20 characters).
    public var batch = FixedBytes32()
    /// AI 11: production date.
    public var productionDate: GS1Date?
    /// AI 13: packed date.
    public var packedDate: GS1Date?
    /// AI 15: best before.
    public var bestBeforeDate: GS1Date?
    /// AI 17: expiry.
    public var expiryDate: GS1Date?
    /// AI 3103 (kilograms with three decimals, i.e. grams) or 3102 (two decimals: tens of grams).
    public var netWeightGrams: Int64?
    /// AI 3922: the price to pay in fen (two decimals of the local currency).
    public var priceFen: Int64?
}

/// A GS1 date (AIs 11, 13, 15, 17): two-digit year, month, and day (0 means the month's last day).
public struct GS1Date: Hashable, Sendable {
    public let year: UInt8
    public let month: UInt8
    public let day: UInt8

    /// Reads six digits `YYMMDD`; nil for a month outside 1…12 or a day past 31.
    init?(yymmdd digits: UnsafeRawBufferPointer) {
        guard digits.count == 6 else { return nil }
        func pair(_ at: Int) -> UInt8 { (digits[at] &- 48) &* 10 &+ (digits[at + 1] &- 48) }
        year = pair(0)
        month = pair(2)
        day = pair(4)
        guard (1 ... 12).contains(month), day <= 31 else { return nil }
    }

    /// The date as GS1 writes it, `YYMMDD`.
    public var text: String {
        func two(_ value: UInt8) -> String { (value < 10 ? "0" : "") + String(value) }
        return two(year) + two(month) + two(day)
    }
}

/// Classifies scans: see ``ScanClassification``.
public enum ScanClassifier {
    /// The longest scan accepted, in bytes.
    public static let maximumScanBytes = 64
    /// ASCII group separator: FNC1 inside a GS1-128 element string.
    static let groupSeparator: UInt8 = 0x1D

    /// Classifies a scan from its raw bytes.
    public static func classify(_ raw: some Sequence<UInt8>, symbology: ScanSymbology = .unknown) -> ScanClassification {
        var buffer = FixedBytes64()
        for byte in raw where !buffer.append(byte) { return .rejected(.tooLong) }
        return buffer.withBytes { classify(bytes: $0, symbology: symbology) }
    }

    static func classify(bytes raw: UnsafeRawBufferPointer, symbology: ScanSymbology = .unknown) -> ScanClassification {
        var bytes = raw[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A || last == 0x09 { bytes = bytes.dropLast() }
        var isGS1Symbology = symbology == .gs1
        if symbology == .unknown, bytes.count >= 3, bytes.first == UInt8(ascii: "]") {
            let start = bytes.startIndex
            isGS1Symbology = bytes[start + 1] == UInt8(ascii: "C") && bytes[start + 2] == UInt8(ascii: "1")
            bytes = bytes.dropFirst(3)
        }
        if bytes.first == groupSeparator { isGS1Symbology = true; bytes = bytes.dropFirst() }
        let body = UnsafeRawBufferPointer(rebasing: bytes)
        guard !body.isEmpty else { return .rejected(.empty) }
        var allDigits = true
        var hasGroupSeparator = false
        for byte in body {
            if byte == groupSeparator { hasGroupSeparator = true; allDigits = false; continue }
            guard byte >= 0x20, byte < 0x7F else { return .rejected(.notASCII) }
            if ProductCode.digitValue(byte) == nil { allDigits = false }
        }
        if body[0] == UInt8(ascii: "#") {
            return CommandCode.recognise(body).map { .command($0) } ?? .rejected(.unknownCommand)
        }
        if isGS1Symbology || hasGroupSeparator || body[0] == UInt8(ascii: "(") {
            return GS1Parser.parse(body).map { .gs1($0) } ?? .rejected(.badGS1)
        }
        if allDigits { return classifyDigits(body) }
        return .freeText(FixedBytes64(body)!)
    }

    static func classifyDigits(_ digits: UnsafeRawBufferPointer) -> ScanClassification {
        switch digits.count {
        case 8, 12, 13, 14:
            let code = ProductCode(bytes: FixedBytes16(digits)!)
            guard let code else { return .rejected(.badCheckDigit) }
            if code.kind == .ean13, digits[0] == UInt8(ascii: "2") { return .scaleLabel(scaleLabel(code.digits)) }
            return .product(code)
        default:
            if let code = FixedBytes32(digits).flatMap(PaymentCode.init(bytes:)) { return .paymentCode(code) }
            if digits.count > 16, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "1") {
                return GS1Parser.parse(digits).map { .gs1($0) } ?? .rejected(.badGS1)
            }
            return .rejected(.unknownDigits)
        }
    }

    static func scaleLabel(_ digits: FixedBytes16) -> ScaleLabel {
        var item: Int32 = 0
        for index in 1 ... 6 { item = item * 10 + Int32(digits[index] - UInt8(ascii: "0")) }
        var price: Int64 = 0
        for index in 7 ... 11 { price = price * 10 + Int64(digits[index] - UInt8(ascii: "0")) }
        return ScaleLabel(itemCode: item, priceFen: price, digits: digits)
    }
}
