/// GS1 check digits for the product barcodes a catalog may hold: EAN-13, EAN-8 and UPC-A (GTIN-13/8/12).
public enum GTIN {
    /// The lengths of the accepted codes, in digits.
    public static let acceptedLengths: Set<Int> = [8, 12, 13]

    /// The check digit for `payload` (every digit but the last): weights 3,1,3,… from the right.
    ///
    /// Returns nil when `payload` is empty or holds a character other than an ASCII digit.
    public static func checkDigit(forPayload payload: some StringProtocol) -> Int? {
        guard !payload.isEmpty else { return nil }
        var sum = 0
        var weight = 3
        for byte in payload.utf8.reversed() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            sum += Int(byte - UInt8(ascii: "0")) * weight
            weight = weight == 3 ? 1 : 3
        }
        return (10 - sum % 10) % 10
    }

    /// Whether `code` is an 8, 12 or 13 digit code whose last digit is its check digit.
    public static func isValid(_ code: String) -> Bool {
        guard acceptedLengths.contains(code.utf8.count), let last = code.utf8.last,
              let expected = checkDigit(forPayload: code.dropLast()) else { return false }
        return Int(last) - Int(UInt8(ascii: "0")) == expected
    }
}
