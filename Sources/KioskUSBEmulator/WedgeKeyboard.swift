/// Types text as a US-layout keyboard-wedge scanner does: a press report and a release report per
/// character (with shift for capitals and symbols), then Enter or Tab.
enum WedgeKeyboard {
    static func reports(typing text: String, terminator: Character?) -> [[UInt8]] {
        var reports: [[UInt8]] = []
        for character in text + (terminator.map { String($0) } ?? "") {
            guard let (usage, shifted) = usages[character] else {
                fatalError("the US layout cannot type \(character)")
            }
            reports.append([shifted ? 0x02 : 0x00, 0, usage, 0, 0, 0, 0, 0])
            reports.append([0, 0, 0, 0, 0, 0, 0, 0])
        }
        return reports
    }

    private static let usages: [Character: (UInt8, Bool)] = {
        var table: [Character: (UInt8, Bool)] = ["\n": (0x28, false), "\t": (0x2B, false), " ": (0x2C, false)]
        for (offset, letter) in "abcdefghijklmnopqrstuvwxyz".enumerated() {
            table[letter] = (0x04 + UInt8(offset), false)
            table[Character(letter.uppercased())] = (0x04 + UInt8(offset), true)
        }
        for (offset, digit) in "1234567890".enumerated() { table[digit] = (0x1E + UInt8(offset), false) }
        for (offset, symbol) in "!@#$%^&*()".enumerated() { table[symbol] = (0x1E + UInt8(offset), true) }
        let punctuation: [(UInt8, Character, Character)] = [
            (0x2D, "-", "_"), (0x2E, "=", "+"), (0x2F, "[", "{"), (0x30, "]", "}"), (0x31, "\\", "|"),
            (0x33, ";", ":"), (0x34, "'", "\""), (0x35, "`", "~"), (0x36, ",", "<"), (0x37, ".", ">"),
            (0x38, "/", "?"),
        ]
        for (usage, plain, shifted) in punctuation {
            table[plain] = (usage, false)
            table[shifted] = (usage, true)
        }
        return table
    }()
}
