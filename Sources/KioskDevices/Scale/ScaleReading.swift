/// What one answer of a scale says, in integer grams. Never a float: a weight is read from the
/// scale's digits (or its HID value and exponent) straight into grams.
public enum ScaleReading: Sendable, Equatable {
    /// The scale reports this weight and says it is at rest.
    case stable(grams: Int64)
    /// The scale is still moving (goods being placed, wind, a hand on the pan).
    case moving
    /// More than the scale can weigh.
    case overCapacity
    /// Below zero: the pan was lifted or the scale needs zeroing.
    case underZero
    /// An answer that is no weight (an error reply, a unit the station does not take, a fault).
    case unusable(reason: String)
}

/// What the operator is told instead of a weight. None of these is ever a zero weight.
public enum ScaleProblem: Sendable, Equatable, CustomStringConvertible {
    case moving
    case overCapacity
    case underZero
    /// No answer within the reply timeout.
    case silent
    case unusable(reason: String)

    public var description: String {
        switch self {
        case .moving: "scale not steady (秤未稳定): wait, keep hands off the pan"
        case .overCapacity: "over capacity (超出量程): weigh in smaller lots"
        case .underZero: "below zero (负重): empty the pan and zero the scale"
        case .silent: "scale does not answer (秤无响应): check cable and power"
        case .unusable(let reason): "scale answer unusable (秤数据无效): \(reason)"
        }
    }
}

/// What a scale driver reports: a weight taken, or a problem the operator must hear about.
public enum ScaleEvent: Sendable, Equatable {
    /// A stable weight that `readingsToAgree` readings in a row agreed on.
    case weighed(grams: Int64)
    case problem(ScaleProblem)
}

/// Turns a scale's decimal digits and unit into grams, exactly.
public enum ScaleWeight {
    /// The largest weight any station scale reports; longer digit strings are garbage.
    public static let maxGrams: Int64 = 100_000_000

    /// Grams for `digits` (an optional sign, digits, at most one point) in `unit` (`g` or `kg`,
    /// any case). Digits below a gram are rounded half away from zero (a 0.1 g balance reading
    /// 1234.5 g gives 1235 g). `nil` for anything that is not such a number or is out of range.
    public static func grams<Text: Collection<UInt8>>(decimal digits: Text, unit: Text) -> Int64? {
        let gramsPerUnit: Int64
        switch String(decoding: unit, as: UTF8.self).lowercased() {
        case "g": gramsPerUnit = 1
        case "kg": gramsPerUnit = 1000
        default: return nil
        }
        return grams(decimal: digits, exponentOfUnit: gramsPerUnit == 1 ? 0 : 3)
    }

    /// Grams for `digits` in units of 10^`exponentOfUnit` grams (0: grams, 3: kilograms).
    static func grams<Text: Collection<UInt8>>(decimal digits: Text, exponentOfUnit: Int) -> Int64? {
        var negative = false
        var whole: Int64 = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        var roundUp = false
        var isFirst = true
        for byte in digits {
            defer { isFirst = false }
            if isFirst, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
                continue
            }
            if byte == UInt8(ascii: ".") {
                guard !sawPoint else { return nil }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            let digit = Int64(byte - UInt8(ascii: "0"))
            if sawPoint { fractionDigits += 1 }
            if sawPoint, fractionDigits > exponentOfUnit {
                // Below a gram: only the first such digit decides the rounding.
                if fractionDigits == exponentOfUnit + 1 { roundUp = digit >= 5 }
                continue
            }
            whole = whole * 10 + digit
            guard whole <= maxGrams else { return nil }
        }
        guard sawDigit else { return nil }
        var exponent = exponentOfUnit - min(fractionDigits, exponentOfUnit)
        while exponent > 0 {
            whole *= 10
            exponent -= 1
            guard whole <= maxGrams else { return nil }
        }
        if roundUp { whole += 1 }
        guard whole <= maxGrams else { return nil }
        return negative ? -whole : whole
    }
}
