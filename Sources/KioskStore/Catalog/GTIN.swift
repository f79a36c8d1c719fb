/// GS1 check digits for the product barcodes a catalog may hold: EAN-13, EAN-8 and UPC-A (GTIN-13/8/12).
public enum GTIN {
    /// The lengths of the accepted codes, in digits.
    public static let acceptedLengths: Set<Int> = [8, 12, 13]

    /// The check digit for `payload` (every digit but the last): weights 3,1,3,… from the right.
    ///
    /// Returns nil when `payload` is empty or holds a character other than an ASCII digit.
    public static func checkDigit(forPayload payload: some StringProtocol) -> Int? {
        var sum = 0
        var weight = 3
        for character in payload.reversed() {
            guard let ascii = character.asciiValue, ascii >= 48, ascii <= 57 else { return nil }
            sum += Int(ascii - 48) * weight
            weight = weight == 3 ? 1 : 3
        }
        guard !payload.isEmpty else { return nil }
        return (10 - sum % 10) % 10
    }

    /// Whether `code` is an 8, 12 or 13 digit code whose last digit is its check digit.
    public static func isValid(_ code: some StringProtocol) -> Bool {
        guard acceptedLengths.contains(code.count), let last = code.last?.wholeNumberValue,
              let expected = checkDigit(forPayload: code.dropLast()) else { return false }
        return last == expected
    }
}
