import KioskCore

/// One key on a USB numeric keypad, as the order screen understands it.
public enum KeypadInput: Sendable, Equatable {
    case digit(Int)
    case decimalPoint
    case enter
    case plus
    case minus
    case backspace
    /// A function key mapped to an action by the board's key map.
    case command(CommandCode)
}

/// Decodes HID boot keyboard reports from a numeric keypad into ``KeypadInput``s. Digits, the
/// point, Enter, +, − and Backspace are fixed; every other key is looked up in `keyMap`
/// (HID usage → action), so F1…F12, `*` or `/` can be bound per board. Unmapped keys are ignored.
public struct KeypadDecoder: Sendable {
    private let keyMap: [UInt8: CommandCode]
    private var keysDown: [UInt8] = []

    /// A decoder with function keys bound by `keyMap`, keyed by HID usage (F1 = 0x3A … F12 = 0x45).
    public init(keyMap: [UInt8: CommandCode]) {
        self.keyMap = keyMap
    }

    /// The keys newly pressed in `report`; half reports yield nothing.
    public mutating func consume(report: [UInt8]) -> [KeypadInput] {
        guard report.count == HIDKeyboardDecoder.reportLength else { return [] }
        let slots = report[2..<8].filter { $0 != 0 && $0 != HIDKeyboardUsage.rollOverError }
        let pressed = slots.filter { !keysDown.contains($0) }
        keysDown = slots
        return pressed.compactMap(input(usage:))
    }

    private func input(usage: UInt8) -> KeypadInput? {
        if let command = keyMap[usage] { return .command(command) }
        switch usage {
        case 0x59...0x61: return .digit(Int(usage - 0x59) + 1)
        case 0x62, 0x27: return .digit(0)
        case 0x1E...0x26: return .digit(Int(usage - 0x1E) + 1)
        case 0x63, 0x37: return .decimalPoint
        case 0x58, 0x28: return .enter
        case 0x57: return .plus
        case 0x56, 0x2D: return .minus
        case 0x2A: return .backspace
        default: return nil
        }
    }
}
