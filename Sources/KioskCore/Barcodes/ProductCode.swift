/// A product's GTIN as scanned: EAN-13, EAN-8, UPC-A or GTIN-14, check digit verified.
public struct ProductCode: Hashable, Sendable {
    /// The symbology family, told apart by length.
    public enum Kind: UInt8, Sendable {
        case ean8 = 8
        case upcA = 12
        case ean13 = 13
        case gtin14 = 14
    }

    /// EAN-8, UPC-A, EAN-13 or GTIN-14, from the digit count.
    public let kind: Kind
    /// The digits, check digit included.
    public let digits: FixedBytes16

    /// A product code from its digits, or `nil` when the length or the check digit is wrong.
    public init?(digits: some StringProtocol) {
        guard let bytes = FixedBytes16(Substring(digits).utf8) else { return nil }
        self.init(bytes: bytes)
    }

    init?(bytes: FixedBytes16) {
        guard let kind = Kind(rawValue: UInt8(bytes.count)),
              bytes.withBytes({ Self.hasValidCheckDigit($0) })
        else { return nil }
        self.kind = kind
        self.digits = bytes
    }

    /// Whether `digits` is a GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14 with a correct
    /// GS1 mod-10 check digit. Anything other than 8, 12, 13 or 14 ASCII digits is `false`.
    ///
    /// This is the check the catalog importer runs on every barcode it loads.
    public static func isValidGTIN(_ digits: some StringProtocol) -> Bool {
        let utf8 = Substring(digits).utf8
        guard [8, 12, 13, 14].contains(utf8.count) else { return false }
        var copy = FixedBytes16()
        for byte in utf8 where !copy.append(byte) { return false }
        return copy.withBytes { hasValidCheckDigit($0) }
    }

    /// GS1 mod-10: weights 3, 1, 3, … from the digit left of the check digit.
    static func hasValidCheckDigit(_ digits: UnsafeRawBufferPointer) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        var weight = 3
        for position in stride(from: digits.count - 2, through: 0, by: -1) {
            guard let value = digitValue(digits[position]) else { return false }
            sum += value * weight
            weight = weight == 3 ? 1 : 3
        }
        guard let check = digitValue(digits[digits.count - 1]) else { return false }
        return (10 - sum % 10) % 10 == check
    }

    static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
