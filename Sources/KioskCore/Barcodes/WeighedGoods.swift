/// Goods sold by weight: what they cost, and the key their order line carries.
///
/// A weighed line's barcode is a ``WeighedLineKey`` rather than the scanned code, so the line's
/// receipt text (name, weight, price per kg) is rebuilt from the journal and the catalog alone.
public enum WeighedGoods {
    /// `grams × fenPerKg / 1000`, rounded half up to the fen (四舍五入: 1.234 kg at ¥36.05/kg is
    /// 44.4857 yuan, charged ¥44.49); `nil` for negative inputs or overflow.
    public static func amountFen(grams: Int64, fenPerKg: Int64) -> Int64? {
        guard grams >= 0, fenPerKg >= 0, let milliFen = Money.multiply(grams, by: fenPerKg),
              let rounded = Money.add(milliFen, 500)
        else { return nil }
        return rounded / 1000
    }

    /// The price per kilogram of a catalog product priced by weight, from its unit and price:
    /// `kg`/`千克`/`公斤` are per kilogram, `斤` per 500 g; `nil` for goods sold by the piece.
    public static func fenPerKg(unit: String, priceFen: Int64) -> Int64? {
        switch unit.lowercased() {
        case "kg", "千克", "公斤": priceFen
        case "斤": Money.multiply(priceFen, by: 2)
        default: nil
        }
    }

    /// Weight as receipts print it: `1.234kg`.
    public static func kilograms(grams: Int64) -> String {
        let thousandths = grams % 1000
        let padded = thousandths < 10 ? "00\(thousandths)" : thousandths < 100 ? "0\(thousandths)" : "\(thousandths)"
        return "\(grams / 1000).\(padded)kg"
    }
}

/// The key of a weighed order line: `W<catalog code>*<grams>*<fen per kg>`, at most 32 bytes.
public struct WeighedLineKey: Hashable, Sendable {
    /// The catalog barcode of the product (8 to 14 digits).
    public let code: String
    public let grams: Int64
    public let fenPerKg: Int64

    /// The most either number may be, so the key fits a line's 32-byte barcode.
    public static let maximumValue: Int64 = 9_999_999

    public init?(code: String, grams: Int64, fenPerKg: Int64) {
        guard (8 ... 14).contains(code.utf8.count), code.utf8.allSatisfy({ ProductCode.digitValue($0) != nil }),
              (0 ... Self.maximumValue).contains(grams), (0 ... Self.maximumValue).contains(fenPerKg)
        else { return nil }
        self.code = code
        self.grams = grams
        self.fenPerKg = fenPerKg
    }

    /// Reads a key back from a line's barcode; `nil` for any other barcode.
    public init?(parsing text: String) {
        guard text.utf8.first == UInt8(ascii: "W") else { return nil }
        let parts = text.utf8.dropFirst().split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false)
        guard parts.count == 3, let grams = Self.number(parts[1]), let fenPerKg = Self.number(parts[2]) else { return nil }
        self.init(code: String(decoding: parts[0], as: UTF8.self), grams: grams, fenPerKg: fenPerKg)
    }

    public var text: String { "W\(code)*\(grams)*\(fenPerKg)" }

    private static func number(_ digits: Substring.UTF8View.SubSequence) -> Int64? {
        guard !digits.isEmpty, digits.count <= 7 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard let digit = ProductCode.digitValue(byte) else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}

extension ScaleLabel {
    /// The label's five value digits (price in fen, or weight in grams, as the board's layout says).
    public var value: Int64 { priceFen }

    /// The catalog barcode of the label's PLU: the label with its value digits zeroed and the
    /// check digit recomputed, the EAN-13 under which in-store scale items are kept.
    public var catalogCode: String {
        var digits = Array(self.digits.text.utf8.prefix(7)) + Array("00000".utf8)
        var sum = 0
        for (index, byte) in digits.enumerated() {
            sum += Int(byte - UInt8(ascii: "0")) * (index % 2 == 0 ? 1 : 3)
        }
        digits.append(UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10))
        return String(decoding: digits, as: UTF8.self)
    }
}
