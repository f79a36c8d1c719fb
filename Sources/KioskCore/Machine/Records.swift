/// Where an order is in its life. `closed`, `cancelled` and `voided` are final.
///
/// Counter sale: open → totalled → (paying ↔ totalled) → paid → closed.
/// Assisted (代购): … → paid → awaitingFulfilment → ordered → arrived → closed (picked up).
public enum OrderPhase: UInt8, Hashable, Sendable, CaseIterable {
    /// Taking lines.
    case open = 1
    /// Totalled, waiting for tender (a partial cash tender may already be in).
    case totalled = 2
    /// A payment-code charge is in flight.
    case paying = 3
    /// Paid in full; the receipt is printing.
    case paid = 4
    /// Assisted: receipt handed over, not yet placed with the online shop.
    case awaitingFulfilment = 5
    /// Assisted: placed online, waiting for the goods.
    case ordered = 6
    /// Assisted: goods at the station, waiting for the villager.
    case arrived = 7
    /// Done (final).
    case closed = 8
    /// Cancelled before payment (final).
    case cancelled = 9
    /// Voided after payment and refunded (final).
    case voided = 10

    /// Whether no event can change the order any more.
    public var isFinal: Bool { self == .closed || self == .cancelled || self == .voided }
    /// Whether the order has been paid in full (and not voided).
    public var isPaid: Bool { self == .paid || self == .awaitingFulfilment || self == .ordered || self == .arrived }
    /// Whether the order is the counter's work: being rung up or paid. Only such orders hold their slot
    /// in the machine's table; a paid order waiting for its goods or for the printer, and every final
    /// one, gives its slot up when another order needs it, and is loaded back from the store when an
    /// event names it.
    public var isCounterWork: Bool { self == .open || self == .totalled || self == .paying }
}

/// Counter sale, assisted order, or a credit repayment taken at the counter.
public enum OrderKind: UInt8, Hashable, Sendable {
    /// 便利店: scan, pay, receipt.
    case counterSale = 1
    /// 代购: bought online for a villager, collected later with a pickup code.
    case assisted = 2
    /// 赊账还款: money paid back on a credit account (``Order/creditAccount``) by payment code, on an order of
    /// its own so the charge runs through the same path, keys and recovery as a sale's. The account's
    /// balance falls when the order is paid, never before.
    case creditRepayment = 3
    /// 快递代收款: a parcel's cash on delivery and storage fee, collected for its carrier before the parcel is
    /// handed over (line `PARCEL-N`, N the parcel's number). Cash or code, never credit, never voided: the
    /// parcel desk hands the parcel over only once this order is paid.
    case parcelCharge = 4
}

/// One order, as stored in the machine's preallocated table.
public struct Order: Hashable, Sendable {
    /// Its number.
    public internal(set) var id: OrderID = 0
    /// Counter sale or assisted.
    public internal(set) var kind: OrderKind = .counterSale
    /// Where it is.
    public internal(set) var phase: OrderPhase = .closed
    /// Lines held (voided ones included).
    public internal(set) var lineCount: Int32 = 0
    /// Sum of the amounts of the lines not voided, fen.
    public internal(set) var totalFen: Int64 = 0
    /// Cash handed over, fen.
    public internal(set) var cashTenderedFen: Int64 = 0
    /// Cash kept against the total, fen.
    public internal(set) var cashAppliedFen: Int64 = 0
    /// Change given, fen (`cashApplied + change == cashTendered`).
    public internal(set) var changeFen: Int64 = 0
    /// Paid by payment code, fen.
    public internal(set) var codePaidFen: Int64 = 0
    /// The approved charge, when paid by code.
    public internal(set) var approvedPayment: PaymentKey?
    /// The code's wallet, when paid by code.
    public internal(set) var codeScheme: PaymentScheme?
    /// The code, masked, when paid by code.
    public internal(set) var maskedCode: MaskedPaymentCode?
    /// Charged to station credit, fen.
    public internal(set) var creditPaidFen: Int64 = 0
    /// The credit account, when charged to credit, or the account a repayment order pays back.
    public internal(set) var creditAccount: CreditAccountID?
    /// Payment-code attempts so far (the next key's attempt number is this + 1).
    public internal(set) var paymentAttempts: UInt16 = 0
    /// When it was opened, ms.
    public internal(set) var openedAtMs: Int64 = 0
    /// When it was paid in full, ms (0 if not).
    public internal(set) var paidAtMs: Int64 = 0
    /// When it reached a final phase, ms (0 if not).
    public internal(set) var finishedAtMs: Int64 = 0
    /// Assisted: the six-digit pickup code (0 for counter sales).
    public internal(set) var pickupCode: UInt32 = 0
    /// Assisted: the villager's name.
    public internal(set) var villagerName = FixedBytes64()
    /// Assisted: the villager's phone.
    public internal(set) var phone = FixedBytes16()
    /// Loaded back from the store after it left the table: its lines are in the store only (the table
    /// holds none for it, and it takes no more).
    public internal(set) var linesStored = false

    /// Total minus everything paid: what the customer still owes, fen.
    public var dueFen: Int64 { totalFen - cashAppliedFen - codePaidFen - creditPaidFen }
}

/// One line of an order.
public struct OrderLine: Hashable, Sendable {
    /// The scanned code.
    public internal(set) var barcode = FixedBytes32()
    /// The catalog's row id.
    public internal(set) var catalogRef: Int64 = 0
    /// Unit price, fen.
    public internal(set) var unitPriceFen: Int64 = 0
    /// Quantity, 1…9999.
    public internal(set) var quantity: Int32 = 0
    /// `unitPrice × quantity`, fen.
    public internal(set) var amountFen: Int64 = 0
    /// Struck out: kept on the receipt, not in the total.
    public internal(set) var isVoided = false
}

/// Where a payment-code charge is.
public enum PaymentStatus: UInt8, Hashable, Sendable {
    /// Sent, waiting for the answer.
    case pending = 1
    /// Timed out or errored: being queried.
    case querying = 2
    /// Still unknown after the query: being reversed.
    case reversing = 3
}

/// A charge in flight.
public struct PendingPayment: Hashable, Sendable {
    /// Its idempotency key.
    public internal(set) var key: PaymentKey
    /// Where it is.
    public internal(set) var status: PaymentStatus
    /// How much, fen.
    public internal(set) var amountFen: Int64
    /// The wallet.
    public internal(set) var scheme: PaymentScheme
    /// The code, masked.
    public internal(set) var maskedCode: MaskedPaymentCode
    /// When it was requested, ms.
    public internal(set) var requestedAtMs: Int64

    /// Whether the customer pays by scanning the station's QR (扫码付) rather than showing a code: such a
    /// payment has no code, so its mask is empty.
    public var presentsQR: Bool { maskedCode.bytes.count == 0 }
}

/// A station credit (赊账) account.
public struct CreditAccount: Hashable, Sendable {
    /// Its number.
    public internal(set) var id: CreditAccountID
    /// The most the villager may owe, fen.
    public internal(set) var limitFen: Int64
    /// What they owe now, fen.
    public internal(set) var balanceFen: Int64
}

/// The number being keyed in: digits, and the position of the decimal point if any.
public struct KeypadEntry: Hashable, Sendable {
    /// The digits as an integer (decimal point ignored).
    public internal(set) var digits: Int64 = 0
    /// How many digits were keyed.
    public internal(set) var digitCount: Int8 = 0
    /// Digits after the point, or -1 without a point.
    public internal(set) var decimals: Int8 = -1

    /// At most this many digits.
    public static let maximumDigits: Int8 = 9

    /// Whether anything was keyed.
    public var isEmpty: Bool { digitCount == 0 && decimals < 0 }

    /// The entry as a whole number, or `nil` with a decimal point.
    public var wholeNumber: Int64? { decimals < 0 && digitCount > 0 ? digits : nil }

    /// The entry read as yuan, in fen (at most two decimals).
    public var fen: Int64? {
        guard digitCount > 0, decimals <= 2 else { return nil }
        let scale: Int64 = decimals <= 0 ? 100 : (decimals == 1 ? 10 : 1)
        return digits * scale
    }
}
