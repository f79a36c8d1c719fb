/// The value syntaxes of scenario files: amounts, durations, times of day, counts.
enum ScenarioValues {
    /// `12`, `12.5` or `12.50` yuan as fen, digit by digit (no floating point).
    static func fen(_ word: String) throws(ScenarioSyntaxError) -> Int64 {
        let parts = word.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let yuanDigits = parts[0]
        let fenDigits = parts.count == 2 ? parts[1] : ""
        guard !yuanDigits.isEmpty, yuanDigits.count <= 12, yuanDigits.allSatisfy(\.isASCIIDigit),
              fenDigits.count <= 2, fenDigits.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || !fenDigits.isEmpty,
              let yuan = Int64(yuanDigits) else {
            throw ScenarioSyntaxError("expected an amount in yuan with at most two decimals such as 12.50, found \"\(word)\"")
        }
        let fen = Int64(fenDigits.padding(toLength: 2)) ?? 0
        return yuan * 100 + fen
    }

    /// `45s`, `500ms`, `2m` as milliseconds.
    static func durationMs(_ word: String) throws(ScenarioSyntaxError) -> Int64 {
        let units: [(suffix: String, ms: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for unit in units where word.hasSuffix(unit.suffix) {
            let digits = word.dropLast(unit.suffix.count)
            if !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let value = Int64(digits) {
                return value * unit.ms
            }
            break
        }
        throw ScenarioSyntaxError("expected a duration such as 45s, 500ms or 2m, found \"\(word)\"")
    }

    /// `08:30` or `08:30:00` as milliseconds after midnight.
    static func timeOfDayMs(_ word: String) throws(ScenarioSyntaxError) -> Int64 {
        let fields = word.split(separator: ":", omittingEmptySubsequences: false)
        let limits: [Int64] = [23, 59, 59]
        guard fields.count == 2 || fields.count == 3 else {
            throw ScenarioSyntaxError("expected a time of day such as 08:30:00, found \"\(word)\"")
        }
        var seconds: Int64 = 0
        for (index, field) in fields.enumerated() {
            guard field.count == 2, field.allSatisfy(\.isASCIIDigit), let value = Int64(field),
                  value <= limits[index] else {
                throw ScenarioSyntaxError("expected a time of day such as 08:30:00, found \"\(word)\"")
            }
            seconds = seconds * 60 + value
        }
        if fields.count == 2 {
            seconds *= 60
        }
        return seconds * 1000
    }

    /// A whole number at least `minimum`.
    static func count(_ word: String, minimum: Int) throws(ScenarioSyntaxError) -> Int {
        guard word.count <= 9, word.allSatisfy(\.isASCIIDigit), let value = Int(word), value >= minimum else {
            throw ScenarioSyntaxError("expected a whole number of at least \(minimum), found \"\(word)\"")
        }
        return value
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) && isASCII }
}

private extension Substring {
    /// Right-pads fraction digits with zeros: "5" → "50".
    func padding(toLength length: Int) -> String {
        String(self) + String(repeating: "0", count: Swift.max(0, length - count))
    }
}
