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
        #expect(ScreenAction(json: #"{"command":"qr-wechat"}"#) == .command(.presentWeChatQR))
        #expect(ScreenAction(json: #"{"command":"qr-alipay"}"#) == .command(.presentAlipayQR))
        #expect(ScreenAction(json: #"{"key":"7"}"#) == .key("7"))
        #expect(ScreenAction(json: #"{"key":"backspace"}"#) == .key("backspace"))
        #expect(ScreenAction(json: #"{"cashFen":2000}"#) == .cash(fen: 2000))
        for refused in [#"{"command":"void"}"#, #"{"key":"F1"}"#, #"{"key":"77"}"#, #"{"cashFen":-5}"#,
                        #"{"cashFen":2000,"key":"1"}"#, "not json", #"{"command":"total"#] {
            #expect(ScreenAction(json: refused) == nil, "\(refused)")
        }
    }

    @Test("the desks' touches carry what each service needs, checked before the station sees them")
    func deskTouches() {
        #expect(ScreenAction(json: #"{"view":"parcels"}"#) == .view(.parcels))
        #expect(ScreenAction(json: #"{"parcel":"mode","text":"pickup"}"#) == .parcel(.mode("pickup")))
        #expect(ScreenAction(json: #"{"parcel":"carrier","number":3}"#) == .parcel(.carrier(3)))
        #expect(ScreenAction(json: #"{"parcel":"phone","text":"13800001234"}"#) == .parcel(.phone("13800001234")))
        #expect(ScreenAction(json: #"{"parcel":"pickup","text":"1234"}"#) == .parcel(.pickup("1234")))
        #expect(ScreenAction(json: #"{"produce":"grade","text":"核桃","text2":"特级"}"#) == .produce(.grade(produce: "核桃", grade: "特级")))
        #expect(ScreenAction(json: #"{"produce":"buy","text":"account"}"#) == .produce(.buy(payout: "account")))
        #expect(ScreenAction(json: #"{"produce":"login","text":"13812345678"}"#) == .produce(.payeeLogin("13812345678")))
        #expect(ScreenAction(json: #"{"bill":"lookup","text":"sgcc","text2":"3301234567"}"#)
            == .bill(.lookUp(biller: "sgcc", account: "3301234567")))
        #expect(ScreenAction(json: #"{"bill":"open"}"#) == .bill(.open(amountFen: nil)))
        #expect(ScreenAction(json: #"{"day":"count","pieces":[0,0,0,2,0,0,0,0]}"#) == .day(.count(pieces: [0, 0, 0, 2, 0, 0, 0, 0])))
        #expect(ScreenAction(json: #"{"day":"open","number":20000}"#) == .day(.open(floatFen: 20000)))
        #expect(ScreenAction(json: #"{"technician":"retry-printer"}"#) == .retryPrinter)
        for refused in [#"{"view":"admin"}"#, #"{"parcel":"mode","text":"off"}"#, #"{"parcel":"carrier","number":9}"#,
                        #"{"parcel":"phone","text":"1380000"}"#, #"{"produce":"buy","text":"credit"}"#, #"{"produce":"login","text":""}"#,
                        #"{"bill":"open","number":-1}"#, #"{"day":"count","pieces":[1,2]}"#,
                        #"{"day":"count","pieces":[0,0,0,-2,0,0,0,0]}"#, #"{"view":"day","day":"close"}"#,
                        #"{"technician":"reboot"}"#] {
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
