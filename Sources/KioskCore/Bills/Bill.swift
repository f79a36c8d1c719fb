/// What a biller is paid for. The account a villager gives depends on it: a meter number, a phone
/// number, an ID number.
public enum BillerKind: UInt8, Hashable, Sendable, CaseIterable {
    /// 电费: the meter or customer number on the bill.
    case electricity = 1
    /// 水费: the customer number on the bill.
    case water = 2
    /// 话费: the phone number topped up.
    case phoneCredit = 3
    /// 社保 (城乡居民养老保险): the insured person's ID number.
    case socialInsurance = 4

    /// The board's name for it (`electricity`, `water`, `phone`, `social_insurance`).
    public var boardName: String {
        switch self {
        case .electricity: "electricity"
        case .water: "water"
        case .phoneCredit: "phone"
        case .socialInsurance: "social_insurance"
        }
    }

    /// The kind named `name` on a board.
    public init?(boardName name: String) {
        guard let kind = Self.allCases.first(where: { $0.boardName == name }) else { return nil }
        self = kind
    }

    /// Every kind's board name, for a message about one that is not (`electricity, water, phone or social_insurance`).
    public static var boardNames: String {
        let names = allCases.map(\.boardName)
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}

/// How the amount paid must relate to the amount the biller says is due.
public enum BillAmountRule: UInt8, Hashable, Sendable {
    /// The amount due, to the fen (an electricity bill).
    case exact = 1
    /// At least the amount due (a water bill paid ahead).
    case atLeast = 2
    /// Any amount above zero (a phone top-up).
    case any = 3
}

/// One biller the station can pay (a list on the board).
public struct Biller: Hashable, Sendable {
    /// The agent service's code for it (`sgcc`, `water-01`, `cmcc`…).
    public var code: String
    /// Its name on the screen and the proof (`国网电费`).
    public var name: String
    public var kind: BillerKind

    public init(code: String, name: String, kind: BillerKind) {
        self.code = code
        self.name = name
        self.kind = kind
    }

    /// The longest code, UTF-8 bytes.
    public static let maximumCodeBytes = 32
    /// The longest name, UTF-8 bytes: a bill's journal entry holds it as one of its short strings.
    public static let maximumNameBytes = BillEvent.maximumStringBytes

    /// Whether `code` can be a biller's code (a board's, or a county list's): 1 to 32 bytes.
    public static func codeIsValid(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= maximumCodeBytes
    }

    /// Whether `name` can be a biller's name: 1 to 255 bytes.
    public static func nameIsValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumNameBytes
    }
}

/// What the biller said about an account when it was looked up, before any money is taken.
public struct BillLookup: Hashable, Sendable {
    /// The account holder's name as the biller gives it, masked again here (`张*华`).
    public var holderMasked: String
    /// What the biller says is due, fen (0 for a top-up).
    public var dueFen: Int64
    public var rule: BillAmountRule

    public init(holderName: String, dueFen: Int64, rule: BillAmountRule) {
        self.holderMasked = BillMasking.holder(holderName)
        self.dueFen = dueFen
        self.rule = rule
    }
}

/// Where a bill is in its life.
///
/// awaitingCounter → (cancelled) | sent → (pending ↔ sent) → succeeded | refunding → refunded; a bill the
/// biller leaves unsettled past the board's deadline is given up (queried no more, flagged for the
/// technician) until the biller settles it or the technician gives the money back.
public enum BillPhase: UInt8, Hashable, Sendable, CaseIterable {
    /// Looked up and put on a counter order that is not paid yet.
    case awaitingCounter = 1
    /// Paid at the counter; the payment was sent to the biller and it has not answered.
    case sent = 2
    /// The biller answered that the payment is being processed (处理中).
    case pending = 3
    /// The biller took the payment (final).
    case succeeded = 4
    /// The biller refused the payment: the villager's money goes back the way it was paid.
    case refunding = 5
    /// The money went back (final).
    case refunded = 6
    /// The counter order was cancelled before it was paid: nothing was taken (final).
    case cancelled = 7
    /// The biller left it unsettled past the board's deadline: no more automatic queries; the villager's
    /// money is held for the technician, who confirms with the biller and queries it or gives it back.
    case givenUp = 8

    /// Whether the station waits for the biller.
    public var awaitsBiller: Bool { self == .sent || self == .pending }
    /// Whether the villager paid and the biller has not settled it: an answer may still settle it.
    public var isUnconfirmed: Bool { awaitsBiller || self == .givenUp }
    /// Whether no answer from the biller can change the bill any more.
    public var isSettled: Bool { self == .succeeded || self == .refunding || self == .refunded || self == .cancelled }
    /// The stored name (`bills.state`).
    public var name: String {
        switch self {
        case .awaitingCounter: "awaiting_counter"
        case .sent: "sent"
        case .pending: "pending"
        case .succeeded: "succeeded"
        case .refunding: "refunding"
        case .refunded: "refunded"
        case .cancelled: "cancelled"
        case .givenUp: "given_up"
        }
    }

    public init?(name: String) {
        guard let phase = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = phase
    }
}

/// One bill: who is paid, for which account, how much, and where it stands.
public struct Bill: Hashable, Sendable {
    /// Its number at the station (never reused).
    public var id: Int64
    public var billerCode: String
    public var billerKind: BillerKind
    /// The account as given (sent to the biller); shown only masked.
    public var account: String
    public var holderMasked: String
    public var dueFen: Int64
    public var rule: BillAmountRule
    /// What the villager pays, fen.
    public var amountFen: Int64
    /// The counter order the money is taken on.
    public var orderID: Int64
    public var phase: BillPhase
    /// The biller's reference for a payment it took.
    public var reference: String?
    /// Why the biller refused, when it did.
    public var failureReason: String?
    /// What a technician must look at (a success reported after the money went back), nil when nothing.
    public var flag: String?
    public var createdAtMs: Int64
    /// When the counter order was paid, 0 before.
    public var paidAtMs: Int64 = 0
    /// When the station last sent the payment or a query to the biller, 0 before.
    public var lastContactMs: Int64 = 0
    /// Queries sent since the payment.
    public var queries: Int32 = 0
    /// When it reached a final phase, 0 before.
    public var settledAtMs: Int64 = 0
    /// Cash given back from the drawer when the biller refused it, fen (the drawer's count needs it).
    public var refundedCashFen: Int64 = 0

    /// A bill as it is opened; the rest is set as it goes.
    public init(id: Int64, billerCode: String, billerKind: BillerKind, account: String, holderMasked: String, dueFen: Int64,
                rule: BillAmountRule, amountFen: Int64, orderID: Int64, phase: BillPhase, createdAtMs: Int64) {
        self.id = id
        self.billerCode = billerCode
        self.billerKind = billerKind
        self.account = account
        self.holderMasked = holderMasked
        self.dueFen = dueFen
        self.rule = rule
        self.amountFen = amountFen
        self.orderID = orderID
        self.phase = phase
        self.createdAtMs = createdAtMs
    }

    /// The account as it may be shown and printed.
    public var maskedAccount: String { BillMasking.account(account, kind: billerKind) }
    /// The key the biller drops a repeated payment by: the station and the bill's number.
    public func idempotencyKey(stationID: String) -> String { "\(stationID)-B\(id)" }
}

/// The limits a board sets for bills.
public struct BillPolicy: Hashable, Sendable {
    /// The most one bill may be, fen.
    public var maxAmountFen: Int64
    /// The first query after a payment the biller has not settled; later ones back off, doubling.
    public var firstQueryAfterMs: Int64
    /// No bill waits on the biller longer than this without a query (the board's limit, 10 minutes by default).
    public var pendingQueryLimitMs: Int64
    /// A bill the biller has not settled this long after the villager paid is given up: queried no more,
    /// flagged for the technician (the board's `give_up_after_s`, a day by default).
    public var giveUpAfterMs: Int64

    public init(maxAmountFen: Int64 = 500_000, firstQueryAfterMs: Int64 = 30_000, pendingQueryLimitMs: Int64 = 600_000,
                giveUpAfterMs: Int64 = 86_400_000) {
        precondition(maxAmountFen > 0 && firstQueryAfterMs > 0 && pendingQueryLimitMs > 0 && giveUpAfterMs > 0,
                     "bill limits are positive")
        self.maxAmountFen = maxAmountFen
        self.firstQueryAfterMs = min(firstQueryAfterMs, pendingQueryLimitMs)
        self.pendingQueryLimitMs = pendingQueryLimitMs
        self.giveUpAfterMs = giveUpAfterMs
    }

    /// When the biller is next asked about `bill`: backing off from the first interval, never later
    /// than the pending limit after the last contact, nor than the moment it is given up.
    public func nextQueryAtMs(_ bill: Bill) -> Int64 {
        let doublings = Int64(min(max(bill.queries, 0), 20))
        let backedOff = firstQueryAfterMs << doublings
        let next = bill.lastContactMs + min(backedOff, pendingQueryLimitMs)
        return bill.paidAtMs > 0 ? min(next, giveUpAtMs(bill)) : next
    }

    /// When `bill`, paid at the counter, is given up unless the biller settles it first.
    public func giveUpAtMs(_ bill: Bill) -> Int64 { bill.paidAtMs + giveUpAfterMs }
}

/// Masks accounts and names for screens, slips and logs.
public enum BillMasking {
    /// `13812345678` → `138****5678`; an ID keeps its first 4 and last 4; any other account its last 4.
    public static func account(_ account: String, kind: BillerKind) -> String {
        let characters = Array(account)
        switch kind {
        case .phoneCredit where characters.count >= 7:
            return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
        case .socialInsurance where characters.count > 8:
            return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8) + String(characters.suffix(4))
        default:
            guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
            return String(repeating: "*", count: characters.count - 4) + String(characters.suffix(4))
        }
    }

    /// `张三` → `张*`, `王小明` → `王*明`: the first and (for three or more) the last character kept.
    /// Counted in Unicode scalars (one per Chinese character), so masking a masked name changes nothing.
    public static func holder(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var masked = String.UnicodeScalarView()
        switch scalars.count {
        case 0: break
        case 1: masked.append("*")
        default:
            masked.append(scalars[0])
            masked.append(contentsOf: repeatElement("*", count: max(1, scalars.count - 2)))
            if scalars.count > 2 { masked.append(scalars[scalars.count - 1]) }
        }
        return String(masked)
    }

    /// Whether `account` can be an account of `kind`: a mobile number, an 18-character ID, else 4 to 32
    /// letters and digits.
    public static func isValid(_ account: String, kind: BillerKind) -> Bool {
        let bytes = Array(account.utf8)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        switch kind {
        case .phoneCredit:
            return bytes.count == 11 && bytes[0] == UInt8(ascii: "1") && bytes.allSatisfy(isDigit)
        case .socialInsurance:
            return bytes.count == 18 && bytes.prefix(17).allSatisfy(isDigit)
                && (isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X"))
        case .electricity, .water:
            return (4 ... 32).contains(bytes.count)
                && bytes.allSatisfy { isDigit($0) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
    }
}
