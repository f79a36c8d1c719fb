import KioskBoard
import KioskCore

/// Turns keypad keys into core actions through the board's key map (`F1: pay-cash`…).
///
/// Digits, the decimal point and backspace edit the keypad entry whatever the map says; every other
/// key must be mapped to a ``KeypadAction``.
struct KeyTranslator {
    let keyMap: [String: KeypadAction]

    func translate(_ name: String) -> CoreAction? {
        if let digit = Self.digit(name) {
            return .key(.digit(digit))
        }
        switch name {
        case "KP_Decimal", "point", ".": return .key(.point)
        case "backspace": return .key(.backspace)
        default: break
        }
        guard let action = keyMap[name] else { return nil }
        return .command(action.command)
    }

    /// The digit key `name` stands for (`7`, `KP_7`).
    static func digit(_ name: String) -> UInt8? {
        let text = name.hasPrefix("KP_") ? String(name.dropFirst(3)) : name
        guard text.count == 1, let value = UInt8(text) else { return nil }
        return value
    }
}
