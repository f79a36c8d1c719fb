import Foundation
import KioskCore

/// A touch on the operator's screen, as the page sends it over the WebSocket. The station turns each
/// into the same input a keypad key or a command barcode gives, on its own loop.
public enum ScreenAction: Sendable, Equatable {
    /// A command the keypad's mapped keys and the command barcodes give (new order, total, quantity…).
    case command(CommandCode)
    /// A key of the amount pad: `0`…`9`, `.` or `backspace`.
    case key(String)
    /// Cash handed over, in fen (the amount pad's "cash" with the amount typed on the page).
    case cash(fen: Int64)

    /// The commands a touch may give, by the name the page uses.
    static let commandNames: [String: CommandCode] = [
        "new-order": .newOrder, "total": .total, "pay-cash": .payCash, "quantity": .quantity,
        "remove-last-line": .removeLastLine, "cancel": .cancel, "clear-entry": .clearEntry,
        "reprint": .reprint, "confirm-receipt": .confirmReceipt,
    ]

    /// The most cash one message may carry: the engine refuses more than the board's own limit anyway.
    static let maximumCashFen: Int64 = 100_000_000

    /// Reads `{"command":"total"}`, `{"key":"5"}` or `{"cashFen":2000}`; nil for anything else.
    public init?(json text: String) {
        guard text.utf8.count <= 256, let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else {
            return nil
        }
        switch (wire.command, wire.key, wire.cashFen) {
        case (let name?, nil, nil):
            guard let command = Self.commandNames[name] else { return nil }
            self = .command(command)
        case (nil, let key?, nil):
            guard key == "." || key == "backspace" || (key.utf8.count == 1 && key.utf8.first!.isASCIIDigit) else { return nil }
            self = .key(key)
        case (nil, nil, let fen?):
            guard fen > 0, fen <= Self.maximumCashFen else { return nil }
            self = .cash(fen: fen)
        default:
            return nil
        }
    }

    private struct Wire: Decodable {
        var command: String?
        var key: String?
        var cashFen: Int64?
    }
}

private extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
