/// EAN-13: 13 digits as 95 modules (guards, six left digits in L/G patterns chosen by the first
/// digit, six right digits in R patterns).
public enum EAN13 {
    /// Why digits cannot become an EAN-13 symbol.
    public enum EncodingError: Error, Equatable, Sendable {
        /// Not 12 or 13 ASCII digits.
        case notTwelveOrThirteenDigits
        /// The 13th digit is not the check digit of the first twelve.
        case wrongCheckDigit(expected: UInt8)
    }

    private static let leftOddPatterns: [UInt8] = [
        0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011,
        0b0110001, 0b0101111, 0b0111011, 0b0110111, 0b0001011,
    ]

    /// Which of the six left digits use the G (even parity) set, bit 5 = second digit, by first digit.
    private static let evenParityMasks: [UInt8] = [
        0b000000, 0b001011, 0b001101, 0b001110, 0b010011,
        0b011001, 0b011100, 0b010101, 0b010110, 0b011010,
    ]

    /// The check digit (0–9) of twelve digit values.
    public static func checkDigit(of digits: [UInt8]) -> UInt8 {
        var sum = 0
        for (index, digit) in digits.prefix(12).enumerated() {
            sum += Int(digit) * (index % 2 == 0 ? 1 : 3)
        }
        return UInt8((10 - sum % 10) % 10)
    }

    /// The 13 digits (as text) a symbol for `text` carries: the check digit is appended to 12 digits
    /// and verified on 13.
    public static func fullDigits(_ text: [UInt8]) throws(EncodingError) -> [UInt8] {
        guard text.count == 12 || text.count == 13, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .notTwelveOrThirteenDigits
        }
        let values = text.map { $0 - 0x30 }
        let check = checkDigit(of: values)
        if values.count == 13 && values[12] != check {
            throw .wrongCheckDigit(expected: check)
        }
        return Array(text.prefix(12)) + [check + 0x30]
    }

    /// The 95 modules (true = bar) of the symbol for 12 or 13 ASCII digits.
    public static func modules(for text: [UInt8]) throws(EncodingError) -> [Bool] {
        let digits = try fullDigits(text).map { Int($0 - 0x30) }
        var modules: [Bool] = []
        modules.reserveCapacity(95)
        func append(_ pattern: UInt8) {
            for shift in stride(from: 6, through: 0, by: -1) {
                modules.append((pattern >> UInt8(shift)) & 1 == 1)
            }
        }
        modules += [true, false, true]
        let parity = evenParityMasks[digits[0]]
        for position in 1...6 {
            let left = leftOddPatterns[digits[position]]
            let usesEven = (parity >> UInt8(6 - position)) & 1 == 1
            append(usesEven ? reversedSevenBits(~left & 0x7F) : left)
        }
        modules += [false, true, false, true, false]
        for position in 7...12 {
            append(~leftOddPatterns[digits[position]] & 0x7F)
        }
        modules += [true, false, true]
        return modules
    }

    private static func reversedSevenBits(_ value: UInt8) -> UInt8 {
        (0..<7).reduce(UInt8(0)) { result, bit in result | (((value >> UInt8(bit)) & 1) << UInt8(6 - bit)) }
    }
}
