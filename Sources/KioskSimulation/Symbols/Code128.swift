/// Code 128 as ESC/POS sends it: data starting with a code-set selector `{A`, `{B` or `{C`,
/// which may switch again mid-data; under code set C each byte is a value 0–99.
public enum Code128 {
    /// Why ESC/POS CODE128 data cannot become a symbol.
    public enum EncodingError: Error, Equatable, Sendable {
        /// The data does not start with `{A`, `{B` or `{C`.
        case missingCodeSet
        /// A byte cannot be encoded in the code set in force (offset into the data).
        case invalidByte(offset: Int)
    }

    /// Bar and space widths of symbol values 0–105, then the stop pattern (index 106).
    private static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]

    private enum CodeSet { case a, b, c }

    /// What a symbol carries: its values (start to checksum, without stop) and the text a reader returns.
    public struct Symbol: Equatable, Sendable {
        /// Symbol values: start code, data values, checksum.
        public let values: [Int]
        /// The decoded text (HRI) as bytes.
        public let text: [UInt8]
    }

    /// Parses ESC/POS CODE128 data into symbol values with their checksum.
    public static func symbol(for data: [UInt8]) throws(EncodingError) -> Symbol {
        guard data.count >= 2, data[0] == 0x7B, let start = codeSet(data[1]) else {
            throw .missingCodeSet
        }
        var current = start
        var values = [startValue(start)]
        var text: [UInt8] = []
        var index = 2
        while index < data.count {
            let byte = data[index]
            if byte == 0x7B && index + 1 < data.count {
                let next = data[index + 1]
                if let switched = codeSet(next) {
                    values.append(switchValue(to: switched))
                    current = switched
                    index += 2
                    continue
                }
                if next == UInt8(ascii: "1") {
                    // FNC1: opens a GS1-128 symbol (or separates its variable-length fields); not text.
                    values.append(102)
                    index += 2
                    continue
                }
                if next == 0x7B && current != .c {
                    values.append(Int(0x7B) - 32)
                    text.append(0x7B)
                    index += 2
                    continue
                }
                throw .invalidByte(offset: index)
            }
            switch current {
            case .a:
                guard byte < 0x60 else { throw .invalidByte(offset: index) }
                values.append(byte < 0x20 ? Int(byte) + 64 : Int(byte) - 32)
                text.append(byte)
            case .b:
                guard byte >= 0x20 && byte < 0x80 else { throw .invalidByte(offset: index) }
                values.append(Int(byte) - 32)
                text.append(byte)
            case .c:
                guard byte < 100 else { throw .invalidByte(offset: index) }
                values.append(Int(byte))
                text += [0x30 + byte / 10, 0x30 + byte % 10]
            }
            index += 1
        }
        var checksum = values[0]
        for (position, value) in values.enumerated().dropFirst() {
            checksum += position * value
        }
        values.append(checksum % 103)
        return Symbol(values: values, text: text)
    }

    /// The modules (true = bar) of a symbol, stop pattern included, without quiet zones.
    public static func modules(for symbol: Symbol) -> [Bool] {
        var modules: [Bool] = []
        for value in symbol.values + [106] {
            var bar = true
            for width in patterns[value].utf8 {
                modules += [Bool](repeating: bar, count: Int(width - 0x30))
                bar.toggle()
            }
        }
        return modules
    }

    private static func codeSet(_ selector: UInt8) -> CodeSet? {
        switch selector {
        case 0x41: .a
        case 0x42: .b
        case 0x43: .c
        default: nil
        }
    }

    private static func startValue(_ codeSet: CodeSet) -> Int {
        switch codeSet {
        case .a: 103
        case .b: 104
        case .c: 105
        }
    }

    /// The "CODE A/B/C" symbol value that switches to `target`.
    private static func switchValue(to target: CodeSet) -> Int {
        switch target {
        case .a: 101
        case .b: 100
        case .c: 99
        }
    }
}
