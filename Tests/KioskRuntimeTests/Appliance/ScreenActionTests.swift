import Foundation
import KioskCore
@testable import KioskRuntime
import KioskScreen
import Testing

/// What the operator's screen may send, and what it shows of the keypad entry.
@Suite("screen actions")
struct ScreenActionTests {
    @Test("touches the page sends become commands, pad keys and cash; anything else is refused")
    func parsing() {
        #expect(ScreenAction(json: #"{"command":"total"}"#) == .command(.total))
        #expect(ScreenAction(json: #"{"command":"new-order"}"#) == .command(.newOrder))
        #expect(ScreenAction(json: #"{"key":"7"}"#) == .key("7"))
        #expect(ScreenAction(json: #"{"key":"backspace"}"#) == .key("backspace"))
        #expect(ScreenAction(json: #"{"cashFen":2000}"#) == .cash(fen: 2000))
        for refused in [#"{"command":"void"}"#, #"{"key":"F1"}"#, #"{"key":"77"}"#, #"{"cashFen":-5}"#,
                        #"{"cashFen":2000,"key":"1"}"#, "not json", #"{"command":"total"#] {
            #expect(ScreenAction(json: refused) == nil, "\(refused)")
        }
    }

    @Test("the keypad entry reads as the operator typed it")
    func entryText() throws {
        let machine = KioskMachine(limits: try CoreLimits(maxOpenOrders: 2, maxLinesPerOrder: 4, maxPendingPayments: 1, maxCreditAccounts: 1))
        #expect(Station.entryText(machine.entry) == "")
        for key: KeypadKey in [.digit(0), .point, .digit(5)] {
            _ = machine.apply(CoreEvent(timeMs: 1, .key(key)))
        }
        #expect(Station.entryText(machine.entry) == "0.5")
        _ = machine.apply(CoreEvent(timeMs: 2, .key(.backspace)))
        #expect(Station.entryText(machine.entry) == "0.")
    }

    @Test("a second screen needs the token from the data directory, which stays the same across starts")
    func token() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-screen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = try ScreenAccess(dataDirectory: directory)
        let token = try String(contentsOfFile: directory + "/screen-token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 32)
        #expect(first.admits(token: token) && !first.admits(token: nil) && !first.admits(token: String(token.reversed())))
        #expect(try ScreenAccess(dataDirectory: directory).admits(token: token))
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/screen-token")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
