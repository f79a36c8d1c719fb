/// Amounts of money in fen (1 yuan = 100 fen), as `Int64`, never floating point.
///
/// Arithmetic is checked: an overflow is a `nil` the caller turns into a refusal, never a trap.
/// Formatting and parsing are exact decimal operations on the integer.
public enum Money {
    /// The full-width yuan sign U+FFE5 (`￥`): GBK printer fonts print it correctly, unlike U+00A5.
    public static let yuanSign: Character = "\u{FFE5}"

    /// `a + b`, or `nil` when the sum does not fit in `Int64`.
    @inlinable
    public static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : sum
    }

    /// `a - b`, or `nil` when the difference does not fit in `Int64`.
    @inlinable
    public static func subtract(_ a: Int64, _ b: Int64) -> Int64? {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : difference
    }

    /// `fen × quantity`, or `nil` when the product does not fit in `Int64`.
    @inlinable
    public static func multiply(_ fen: Int64, by quantity: Int64) -> Int64? {
        let (product, overflow) = fen.multipliedReportingOverflow(by: quantity)
        return overflow ? nil : product
    }

    /// `"12.50"` for 1250 fen, `"-0.05"` for -5 fen: yuan with exactly two decimals.
    public static func format(fen: Int64) -> String {
        let magnitude = fen.magnitude
        let yuan = magnitude / 100
        let cents = magnitude % 100
        let sign = fen < 0 ? "-" : ""
        let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
        return "\(sign)\(yuan).\(centsText)"
    }

    /// `"￥12.50"` for receipts and the operator display (always U+FFE5, never U+00A5).
    public static func formatWithSign(fen: Int64) -> String {
        fen < 0 ? "-\(yuanSign)\(format(fen: -fen))" : "\(yuanSign)\(format(fen: fen))"
    }

    /// Parses a yuan amount such as `"12.5"`, `"12.50"`, `"-3"` or `"0.05"` into fen, exactly.
    ///
    /// Accepts an optional leading `-`, digits, and at most two decimals. Returns `nil` for
    /// anything else (empty text, three decimals, spaces, a leading `+`, overflow).
    public static func parseYuan(_ text: some StringProtocol) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var fen: Int64 = 0
        var integerDigits = 0
        var decimals = -1
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard decimals < 0, integerDigits > 0 else { return nil }
                decimals = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if decimals >= 0 {
                decimals += 1
                guard decimals <= 2 else { return nil }
            } else {
                integerDigits += 1
            }
            guard let shifted = multiply(fen, by: 10), let next = add(shifted, Int64(byte - UInt8(ascii: "0"))) else {
                return nil
            }
            fen = next
        }
        guard integerDigits > 0, decimals != 0 else { return nil }
        let scale: Int64 = decimals == 2 ? 1 : (decimals == 1 ? 10 : 100)
        guard let scaled = multiply(fen, by: scale) else { return nil }
        return negative ? -scaled : scaled
    }
}
