import Foundation
import KioskCore

/// A touch on the operator's screen, as the page sends it over the WebSocket. The station turns each
/// into the same input a keypad key or a command barcode gives, or a step at one of its desks, on its
/// own loop.
public enum ScreenAction: Sendable, Equatable {
    /// A command the keypad's mapped keys and the command barcodes give (new order, total, quantity…).
    case command(CommandCode)
    /// A key of the amount pad: `0`…`9`, `.` or `backspace`.
    case key(String)
    /// Cash handed over, in fen (the amount pad's "cash" with the amount typed on the page).
    case cash(fen: Int64)
    /// The operator opened one of the screen's pages: what the scanner's reads mean follows it (the
    /// parcel desk takes them only on its page).
    case view(ScreenView)
    /// A touch at the parcel desk.
    case parcel(ParcelTouch)
    /// A touch at the produce desk.
    case produce(ProduceTouch)
    /// A touch at the bills desk.
    case bill(BillTouch)
    /// A touch on the day's close page.
    case day(DayTouch)
    /// The technician's "print what is held now" (paper was loaded without the printer saying so).
    case retryPrinter

    /// The screen's pages.
    public enum ScreenView: String, Sendable, CaseIterable {
        case counter, parcels, produce, bills, day, technician
    }

    /// What the parcel desk's page sends.
    public enum ParcelTouch: Sendable, Equatable {
        /// `arrival`, `pickup` or `returns`: what scanned waybills mean.
        case mode(String)
        /// The villager's mobile number for the next parcel in (11 digits typed on the pad).
        case phone(String)
        /// The carrier picked (1–8) for a waybill the desk did not recognise.
        case carrier(UInt8)
        /// What the villager gave to collect: a pickup code or the last 4 digits of their phone.
        case pickup(String)
        /// The hand-over ends with the parcels scanned so far.
        case finish
    }

    /// What the produce desk's page sends.
    public enum ProduceTouch: Sendable, Equatable {
        /// The produce and grade on the scale, from the price list.
        case grade(produce: String, grade: String)
        /// The container type on the scale and how many (0: none).
        case containers(container: String, count: Int64)
        /// A farmer the station already knows, by their place in the state's list.
        case farmer(index: Int)
        /// Buy the weighed lot, paying the farmer in `cash` or to their `account`.
        case buy(payout: String)
        /// The Alipay login (a mobile number) the farmer is paid to by transfer.
        case payeeLogin(String)
    }

    /// What the bills page sends.
    public enum BillTouch: Sendable, Equatable {
        /// Ask the biller `biller` (its code) who holds `account` and what is due.
        case lookUp(biller: String, account: String)
        /// Put the bill looked up on a counter order, for the amount due (nil) or `amountFen`.
        case open(amountFen: Int64?)
    }

    /// What the day's close page sends.
    public enum DayTouch: Sendable, Equatable {
        /// Open the day with a float, or with the last close's counted cash (nil).
        case open(floatFen: Int64?)
        /// The blind count: pieces of each denomination, 100 yuan down to 1 jiao.
        case count(pieces: [Int32])
        /// Close the day: the Z.
        case close
    }

    /// The commands a touch may give, by the name the page uses.
    static let commandNames: [String: CommandCode] = [
        "new-order": .newOrder, "total": .total, "pay-cash": .payCash, "quantity": .quantity,
        "remove-last-line": .removeLastLine, "cancel": .cancel, "clear-entry": .clearEntry,
        "reprint": .reprint, "confirm-receipt": .confirmReceipt, "qr-wechat": .presentWeChatQR,
        "qr-alipay": .presentAlipayQR,
    ]

    /// The most cash one message may carry: the engine refuses more than the board's own limit anyway.
    static let maximumCashFen: Int64 = 100_000_000
    /// The longest text a touch carries (a name from the price list, an account number).
    static let maximumTextBytes = 64

    /// Reads `{"command":"total"}`, `{"key":"5"}`, `{"cashFen":2000}`, `{"view":"parcels"}`,
    /// `{"parcel":"mode","text":"arrival"}`, `{"produce":"grade","text":"核桃","text2":"特级"}`,
    /// `{"bill":"lookup","text":"sgcc","text2":"3301234567"}`, `{"day":"count","pieces":[…]}`,
    /// `{"technician":"retry-printer"}`; nil for anything else.
    public init?(json text: String) {
        guard text.utf8.count <= 512, let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)),
              [wire.text, wire.text2].allSatisfy({ ($0?.utf8.count ?? 0) <= Self.maximumTextBytes })
        else {
            return nil
        }
        let verbs = [wire.command, wire.key, wire.cashFen.map { "\($0)" }, wire.view, wire.parcel, wire.produce, wire.bill,
                     wire.day, wire.technician].compactMap { $0 }
        guard verbs.count == 1 else { return nil }
        if let name = wire.command {
            guard let command = Self.commandNames[name] else { return nil }
            self = .command(command)
        } else if let key = wire.key {
            guard key == "." || key == "backspace" || (key.utf8.count == 1 && key.utf8.first!.isASCIIDigit) else { return nil }
            self = .key(key)
        } else if let fen = wire.cashFen {
            guard fen > 0, fen <= Self.maximumCashFen else { return nil }
            self = .cash(fen: fen)
        } else if let name = wire.view {
            guard let view = ScreenView(rawValue: name) else { return nil }
            self = .view(view)
        } else if let verb = wire.parcel {
            guard let touch = Self.parcelTouch(verb, wire) else { return nil }
            self = .parcel(touch)
        } else if let verb = wire.produce {
            guard let touch = Self.produceTouch(verb, wire) else { return nil }
            self = .produce(touch)
        } else if let verb = wire.bill {
            guard let touch = Self.billTouch(verb, wire) else { return nil }
            self = .bill(touch)
        } else if let verb = wire.day {
            guard let touch = Self.dayTouch(verb, wire) else { return nil }
            self = .day(touch)
        } else if wire.technician == "retry-printer" {
            self = .retryPrinter
        } else {
            return nil
        }
    }

    private static func parcelTouch(_ verb: String, _ wire: Wire) -> ParcelTouch? {
        switch (verb, wire.text, wire.number) {
        case ("mode", let mode?, nil) where ["arrival", "pickup", "returns"].contains(mode): .mode(mode)
        case ("phone", let phone?, nil) where phone.utf8.count == 11 && phone.utf8.allSatisfy(\.isASCIIDigit): .phone(phone)
        case ("carrier", nil, let digit?) where (1...8).contains(digit): .carrier(UInt8(digit))
        case ("pickup", let given?, nil) where (4...12).contains(given.utf8.count) && given.utf8.allSatisfy(\.isASCIIDigit):
            .pickup(given)
        case ("finish", nil, nil): .finish
        default: nil
        }
    }

    private static func produceTouch(_ verb: String, _ wire: Wire) -> ProduceTouch? {
        switch (verb, wire.text, wire.text2, wire.number) {
        case ("grade", let produce?, let grade?, nil) where !produce.isEmpty && !grade.isEmpty: .grade(produce: produce, grade: grade)
        case ("containers", let container?, nil, let count?) where (0...99).contains(count): .containers(container: container, count: count)
        case ("farmer", nil, nil, let index?) where (0...999).contains(index): .farmer(index: Int(index))
        case ("buy", let payout?, nil, nil) where payout == "cash" || payout == "account": .buy(payout: payout)
        case ("login", let login?, nil, nil) where (1...100).contains(login.utf8.count): .payeeLogin(login)
        default: nil
        }
    }

    private static func billTouch(_ verb: String, _ wire: Wire) -> BillTouch? {
        switch (verb, wire.text, wire.text2, wire.number) {
        case ("lookup", let biller?, let account?, nil) where !biller.isEmpty && !account.isEmpty: .lookUp(biller: biller, account: account)
        case ("open", nil, nil, let fen) where fen.map({ $0 > 0 && $0 <= maximumCashFen }) ?? true: .open(amountFen: fen)
        default: nil
        }
    }

    private static func dayTouch(_ verb: String, _ wire: Wire) -> DayTouch? {
        switch (verb, wire.number, wire.pieces) {
        case ("open", let fen, nil) where fen.map({ $0 >= 0 && $0 <= maximumCashFen }) ?? true: .open(floatFen: fen)
        case ("count", nil, let pieces?) where pieces.count == Denomination.allCases.count
            && pieces.allSatisfy({ (0...DrawerCount.maximumPieces).contains($0) }):
            .count(pieces: pieces)
        case ("close", nil, nil): .close
        default: nil
        }
    }

    private struct Wire: Decodable {
        var command: String?
        var key: String?
        var cashFen: Int64?
        var view: String?
        var parcel: String?
        var produce: String?
        var bill: String?
        var day: String?
        var technician: String?
        var text: String?
        var text2: String?
        var number: Int64?
        var pieces: [Int32]?
    }
}

private extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
