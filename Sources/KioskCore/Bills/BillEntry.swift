/// What the biller answered to a payment or a query.
public enum BillerAnswer: Hashable, Sendable {
    /// It took the payment, under its own reference.
    case succeeded(reference: String)
    /// It refused the payment (account closed, amount wrong…): nothing was paid.
    case failed(reason: String)
    /// It is processing the payment (处理中): ask again later.
    case pending
    /// It has no payment under that key (the request was lost on the way): send it again, same key.
    case unknown
}

/// One entry of the bills journal (`journal.domain = 'bills'`): what happened to bill `billID` at `timeMs`.
public struct BillEvent: Hashable, Sendable {
    public var timeMs: Int64
    public var billID: Int64
    public var action: BillAction

    public init(timeMs: Int64, billID: Int64, _ action: BillAction) {
        self.timeMs = timeMs
        self.billID = billID
        self.action = action
    }
}

/// What can happen to a bill.
public enum BillAction: Hashable, Sendable {
    /// The account was looked up and the bill put on counter order `orderID` for `amountFen`.
    case opened(BillOpening)
    /// The counter order was paid in full: pay the biller.
    case paidAtCounter
    /// The counter order was cancelled before it was paid.
    case cancelledAtCounter
    /// The biller answered the payment or a query.
    case answered(BillerAnswer)
    /// A query is due (the schedule's timer, or a restart with the answer unknown).
    case queryDue
    /// The refunds of a failed bill were carried out.
    case refundDone
    /// The villager asked for the bill's paper again (by phone or account number).
    case reprinted
    /// The biller left the bill unsettled past the board's deadline: stop asking, flag it for the technician.
    case gaveUp
    /// The technician, having confirmed with the biller that it holds no payment, gives a given-up
    /// bill's money back the way it was paid.
    case refundOrdered
}

/// A bill as it is opened: what the lookup said and what the villager pays.
public struct BillOpening: Hashable, Sendable {
    public var biller: Biller
    public var account: String
    public var lookup: BillLookup
    public var amountFen: Int64
    public var orderID: Int64

    public init(biller: Biller, account: String, lookup: BillLookup, amountFen: Int64, orderID: Int64) {
        self.biller = biller
        self.account = account
        self.lookup = lookup
        self.amountFen = amountFen
        self.orderID = orderID
    }
}

/// The bills journal's binary form: `version u8 (1) · tag u8 · timeMs i64 · billID i64 · payload`, little-endian;
/// strings are a u8 length and UTF-8 (at most 255 bytes). Tags are part of the format: only add new ones.
extension BillEvent {
    public static let encodingVersion: UInt8 = 1
    /// The longest string an entry holds, bytes.
    public static let maximumStringBytes = 255

    public var encoded: [UInt8] {
        var writer = EventWriter(bytes: [])
        writer.u8(Self.encodingVersion)
        writer.u8(action.tag)
        writer.i64(timeMs)
        writer.i64(billID)
        switch action {
        case .opened(let opening):
            writer.string(opening.biller.code)
            writer.string(opening.biller.name)
            writer.u8(opening.biller.kind.rawValue)
            writer.string(opening.account)
            writer.string(opening.lookup.holderMasked)
            writer.i64(opening.lookup.dueFen)
            writer.u8(opening.lookup.rule.rawValue)
            writer.i64(opening.amountFen)
            writer.i64(opening.orderID)
        case .answered(let answer):
            switch answer {
            case .succeeded(let reference): writer.u8(1); writer.string(reference)
            case .failed(let reason): writer.u8(2); writer.string(reason)
            case .pending: writer.u8(3)
            case .unknown: writer.u8(4)
            }
        case .paidAtCounter, .cancelledAtCounter, .queryDue, .refundDone, .reprinted, .gaveUp, .refundOrdered:
            break
        }
        return writer.bytes
    }

    /// Decodes one entry, which must fill `bytes` exactly.
    public init(decoding bytes: some Collection<UInt8>) throws(EventDecodingError) {
        var reader = EventReader(bytes: Array(bytes))
        let version = try reader.u8()
        guard version == Self.encodingVersion else { throw .unsupportedVersion(version) }
        let tag = try reader.u8()
        let timeMs = try reader.i64()
        let billID = try reader.i64()
        let action: BillAction
        switch tag {
        case 1:
            let biller = Biller(code: try reader.string(), name: try reader.string(), kind: try reader.raw(BillerKind.self))
            let account = try reader.string()
            var lookup = BillLookup(holderName: "", dueFen: 0, rule: .any)
            lookup.holderMasked = try reader.string()
            lookup.dueFen = try reader.i64()
            lookup.rule = try reader.raw(BillAmountRule.self)
            action = .opened(BillOpening(biller: biller, account: account, lookup: lookup, amountFen: try reader.i64(),
                                         orderID: try reader.i64()))
        case 2: action = .paidAtCounter
        case 3: action = .cancelledAtCounter
        case 4:
            switch try reader.u8() {
            case 1: action = .answered(.succeeded(reference: try reader.string()))
            case 2: action = .answered(.failed(reason: try reader.string()))
            case 3: action = .answered(.pending)
            case 4: action = .answered(.unknown)
            default: throw .invalidValue
            }
        case 5: action = .queryDue
        case 6: action = .refundDone
        case 7: action = .reprinted
        case 8: action = .gaveUp
        case 9: action = .refundOrdered
        default: throw .unknownTag(tag)
        }
        guard reader.isAtEnd else { throw .trailingBytes }
        self.init(timeMs: timeMs, billID: billID, action)
    }

    /// A short name for people reading the journal (`billOpened`, `billAnswered`…).
    public var kindName: String {
        switch action {
        case .opened: "billOpened"
        case .paidAtCounter: "billPaidAtCounter"
        case .cancelledAtCounter: "billCancelledAtCounter"
        case .answered: "billAnswered"
        case .queryDue: "billQueried"
        case .refundDone: "billRefunded"
        case .reprinted: "billReprinted"
        case .gaveUp: "billGivenUp"
        case .refundOrdered: "billRefundOrdered"
        }
    }
}

extension BillAction {
    var tag: UInt8 {
        switch self {
        case .opened: 1
        case .paidAtCounter: 2
        case .cancelledAtCounter: 3
        case .answered: 4
        case .queryDue: 5
        case .refundDone: 6
        case .reprinted: 7
        case .gaveUp: 8
        case .refundOrdered: 9
        }
    }
}

extension EventWriter {
    /// A u8 length and the UTF-8 bytes, cut at ``BillEvent/maximumStringBytes`` on a character boundary.
    mutating func string(_ text: String) {
        var utf8: [UInt8] = []
        for character in text {
            let next = Array(character.utf8)
            guard utf8.count + next.count <= BillEvent.maximumStringBytes else { break }
            utf8 += next
        }
        u8(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

extension EventReader {
    mutating func string() throws(EventDecodingError) -> String {
        let count = Int(try u8())
        guard offset + count <= bytes.count else { throw .truncated }
        defer { offset += count }
        guard let text = String(validating: bytes[offset ..< offset + count], as: UTF8.self) else { throw .invalidValue }
        return text
    }
}
