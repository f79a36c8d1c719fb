/// Parses GS1 element strings: raw (`01…10…<GS>3103…`) or human-readable (`(01)…(10)…`).
/// Supported AIs: 01 (GTIN-14), 10 (batch), 11/13/15/17 (production, packed, best-before and expiry
/// dates, YYMMDD, kept as they are), 3102/3103 (net kg with 2 or 3 decimals), 3922 (price, 2 decimals).
enum GS1Parser {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> GS1Data? {
        var data = GS1Data()
        var index = 0
        var sawGTIN = false
        while index < bytes.count {
            if bytes[index] == ScanClassifier.groupSeparator { index += 1; continue }
            let parenthesised = bytes[index] == UInt8(ascii: "(")
            if parenthesised { index += 1 }
            guard let ai = readAI(bytes, at: &index, parenthesised: parenthesised) else { return nil }
            switch ai {
            case 1:
                guard let gtin = fixedField(bytes, at: &index, length: 14),
                      gtin.withBytes({ ProductCode.hasValidCheckDigit($0) })
                else { return nil }
                data.gtin = gtin
                sawGTIN = true
            case 10:
                let field = variableField(bytes, at: &index, maximum: 20)
                guard field.count > 0, let batch = FixedBytes32(field) else { return nil }
                data.batch = batch
            case 11, 13, 15, 17:
                guard let field = fixedField(bytes, at: &index, length: 6),
                      let date = field.withBytes({ GS1Date(yymmdd: $0) })
                else { return nil }
                switch ai {
                case 11: data.productionDate = date
                case 13: data.packedDate = date
                case 15: data.bestBeforeDate = date
                default: data.expiryDate = date
                }
            case 3102, 3103:
                guard let field = fixedField(bytes, at: &index, length: 6),
                      let value = field.withBytes({ number($0) })
                else { return nil }
                // 3102 counts tens of grams: a lot above 999.999 kg still labels.
                data.netWeightGrams = ai == 3102 ? value * 10 : value
            case 3922:
                let field = variableField(bytes, at: &index, maximum: 15)
                guard let fen = number(field) else { return nil }
                data.priceFen = fen
            default:
                return nil
            }
        }
        return sawGTIN ? data : nil
    }

    /// Reads `01`, `10`, `11`, `13`, `15`, `17`, `31nn` or `39nn` (with its closing parenthesis in the readable form).
    static func readAI(_ bytes: UnsafeRawBufferPointer, at index: inout Int, parenthesised: Bool) -> Int? {
        guard index + 2 <= bytes.count else { return nil }
        let two = (Int(bytes[index]) - 48) * 10 + Int(bytes[index + 1]) - 48
        var ai: Int
        var length: Int
        switch two {
        case 1, 10, 11, 13, 15, 17: ai = two; length = 2
        case 31, 39:
            guard index + 4 <= bytes.count else { return nil }
            ai = two * 100 + (Int(bytes[index + 2]) - 48) * 10 + Int(bytes[index + 3]) - 48
            length = 4
        default: return nil
        }
        index += length
        if parenthesised {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { return nil }
            index += 1
        }
        return ai
    }

    static func fixedField(_ bytes: UnsafeRawBufferPointer, at index: inout Int, length: Int) -> FixedBytes16? {
        guard index + length <= bytes.count else { return nil }
        let field = FixedBytes16(UnsafeRawBufferPointer(rebasing: bytes[index ..< index + length]))
        index += length
        return field?.isAllDigits == true ? field : nil
    }

    /// A variable-length field ends at GS, at `(` in the readable form, or at the end.
    static func variableField(_ bytes: UnsafeRawBufferPointer, at index: inout Int, maximum: Int) -> UnsafeRawBufferPointer {
        let start = index
        while index < bytes.count, index - start < maximum,
              bytes[index] != ScanClassifier.groupSeparator, bytes[index] != UInt8(ascii: "(") {
            index += 1
        }
        return UnsafeRawBufferPointer(rebasing: bytes[start ..< index])
    }

    static func number(_ digits: UnsafeRawBufferPointer) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard let digit = ProductCode.digitValue(byte) else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}
