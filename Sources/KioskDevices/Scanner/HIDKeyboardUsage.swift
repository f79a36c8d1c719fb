/// The US layout of HID keyboard usages (HID Usage Tables, page 0x07), which is what keyboard-wedge
/// scanners send unless set to another country.
enum HIDKeyboardUsage {
    static let enter: UInt8 = 0x28
    static let tab: UInt8 = 0x2B
    static let keypadEnter: UInt8 = 0x58
    /// Usage 0x01 in every slot: the keyboard's "too many keys" report.
    static let rollOverError: UInt8 = 0x01

    /// Left or right shift in the modifier byte.
    static let shiftMask: UInt8 = 0x22
    /// Left shift alone, as an encoder sends it.
    static let leftShift: UInt8 = 0x02
    /// Left or right control in the modifier byte.
    static let controlMask: UInt8 = 0x11
    /// Left control alone, as an encoder sends it.
    static let leftControl: UInt8 = 0x01
    /// `]`: with control held, wedge scanners send it for the GS1 group separator.
    static let rightBracket: UInt8 = 0x30
    /// GS (0x1D), the GS1 group separator, typed as Ctrl+].
    static let groupSeparator: UInt8 = 0x1D

    /// The ASCII byte a usage types, with or without shift, or `nil` for keys that type nothing.
    static func ascii(usage: UInt8, shifted: Bool) -> UInt8? {
        switch usage {
        case 0x04...0x1D:
            return (shifted ? UInt8(ascii: "A") : UInt8(ascii: "a")) + usage - 0x04
        case 0x1E...0x27:
            return shifted ? shiftedDigits[Int(usage - 0x1E)] : digits[Int(usage - 0x1E)]
        case 0x2C:
            return UInt8(ascii: " ")
        case 0x2D...0x38:
            guard let pair = punctuation[usage] else { return nil }
            return shifted ? pair.shifted : pair.plain
        case 0x54: return UInt8(ascii: "/")
        case 0x55: return UInt8(ascii: "*")
        case 0x56: return UInt8(ascii: "-")
        case 0x57: return UInt8(ascii: "+")
        case 0x59...0x61: return UInt8(ascii: "1") + usage - 0x59
        case 0x62: return UInt8(ascii: "0")
        case 0x63: return UInt8(ascii: ".")
        default: return nil
        }
    }

    private static let digits = Array("1234567890".utf8)
    private static let shiftedDigits = Array("!@#$%^&*()".utf8)
    private static let punctuation: [UInt8: (plain: UInt8, shifted: UInt8)] = [
        0x2D: (UInt8(ascii: "-"), UInt8(ascii: "_")), 0x2E: (UInt8(ascii: "="), UInt8(ascii: "+")),
        0x2F: (UInt8(ascii: "["), UInt8(ascii: "{")), 0x30: (UInt8(ascii: "]"), UInt8(ascii: "}")),
        0x31: (UInt8(ascii: "\\"), UInt8(ascii: "|")), 0x33: (UInt8(ascii: ";"), UInt8(ascii: ":")),
        0x34: (UInt8(ascii: "'"), UInt8(ascii: "\"")), 0x35: (UInt8(ascii: "`"), UInt8(ascii: "~")),
        0x36: (UInt8(ascii: ","), UInt8(ascii: "<")), 0x37: (UInt8(ascii: "."), UInt8(ascii: ">")),
        0x38: (UInt8(ascii: "/"), UInt8(ascii: "?")),
    ]
}
