/// One input to the machine: what happened and when (the runtime's clock, milliseconds since
/// the Unix epoch). The core never reads a clock; time only arrives in events.
public struct CoreEvent: Hashable, Sendable {
    /// When it happened, milliseconds since 1970-01-01 UTC.
    public var timeMs: Int64
    /// What happened.
    public var action: CoreAction

    /// An event at `timeMs`.
    public init(timeMs: Int64, _ action: CoreAction) {
        self.timeMs = timeMs
        self.action = action
    }
}

/// Everything that can happen at the counter, from the operator (scans, keypad, commands),
/// the payment gateway (answers relayed by the runtime), the printer, and the station's books.
/// Operator actions apply to the current order (see ``KioskMachine/currentOrderID``).
public enum CoreAction: Hashable, Sendable {
    /// Open a counter sale (便利店) and make it current.
    case newOrder
    /// Open a counter sale for the product scanned next, when none is open: a quantity keyed before that
    /// scan applies to it. (``newOrder`` clears the keypad entry, as it always has: journals replay as
    /// they were written.)
    case newOrderForScan
    /// Open an assisted order (代购) for a villager and make it current.
    case newAssistedOrder(AssistedOrderRequest)
    /// Make another order in the table current.
    case selectOrder(OrderID)
    /// A product scanned and looked up by the runtime. A keypad entry, if any, is the quantity.
    case productScanned(ProductScan)
    /// A keypad key.
    case key(KeypadKey)
    /// A command barcode or function key, interpreted in the current context.
    case command(CommandCode)
    /// Set the quantity of the last line.
    case setQuantity(Int32)
    /// Remove the last line.
    case removeLastLine
    /// Void line `n` (1-based): it stays on the order, struck out, and leaves the total.
    case voidLine(Int32)
    /// Close the line list and ask for payment.
    case total
    /// Cash handed over. Less than the amount due is a partial (split) tender.
    case tenderCash(fen: Int64)
    /// A customer's payment code scanned: charge the amount due.
    case tenderCode(PaymentCode)
    /// Charge the amount due to a station credit account (赊账).
    case tenderCredit(CreditAccountID)
    /// The gateway's answer to a charge request.
    case paymentAnswered(PaymentKey, PaymentAnswer)
    /// No answer to a charge request in time.
    case paymentTimedOut(PaymentKey)
    /// The gateway's answer to a query after a timeout or error.
    case paymentQueried(PaymentKey, PaymentQueryAnswer)
    /// The gateway confirmed a reversal (撤销): the customer is not charged.
    case paymentReversed(PaymentKey)
    /// The printer confirmed the receipt and it was handed over.
    case receiptConfirmed
    /// The printer confirmed the receipt of a named order, which need not be the current one (the
    /// print worker reports receipts as they come out, while the operator rings up the next sale).
    case receiptPrinted(OrderID)
    /// Print the current order's receipt again.
    case reprintReceipt
    /// Cancel the current order (only before it is paid).
    case cancelOrder
    /// A technician or supervisor authorised the next void. The authorisation is for that void alone: the
    /// next operator action, or a refusal (``withdrawAuthorisation``), ends it.
    case authorise(Authorisation)
    /// An authorisation ends unused: the action it was given for was refused.
    case withdrawAuthorisation
    /// Void the current, paid order and refund it (needs an authorisation).
    case voidOrder
    /// An assisted order was placed with the online shop.
    case fulfilmentOrdered(OrderID)
    /// An assisted order's goods arrived at the station.
    case fulfilmentArrived(OrderID)
    /// The villager collected an assisted order, giving its pickup code.
    case pickedUp(OrderID, pickupCode: UInt32)
    /// Open a station credit account with a limit.
    case openCreditAccount(CreditAccountID, limitFen: Int64)
    /// A villager paid back part of what they owe.
    case creditRepaid(CreditAccountID, fen: Int64)
    /// An order that left the table (paid and waiting for its goods or the printer, or final) is loaded
    /// back from the store, because an event names it. The order's state travels in the event, so a
    /// replay of the journal gives the same machine without reading the store.
    case orderLoaded(LoadedOrder)
    /// A bill (缴费) put on the current order, which must be empty: the order holds that bill alone.
    case billLine(BillLine)
    /// Credit repaid by payment code: `fen` for account N put on the current order, which must be empty
    /// and becomes the account's repayment order (``OrderKind/creditRepayment``). At most what is owed
    /// less what other repayment orders are taking; the balance falls once the code's charge is approved.
    case creditRepaymentLine(CreditAccountID, fen: Int64)
    /// A parcel's cash on delivery and storage fee, `fen` in all, put on the current order, which must be an
    /// empty counter order and becomes the parcel's charge order (``OrderKind/parcelCharge``).
    case parcelChargeLine(parcelID: UInt32, fen: Int64)
}

extension CoreAction {
    /// Whether the action reports what a device or the gateway did, rather than something an operator did.
    public var isReport: Bool {
        switch self {
        case .paymentAnswered, .paymentTimedOut, .paymentQueried, .paymentReversed, .receiptPrinted: true
        default: false
        }
    }

    /// The order the action names by number, which must be in the table when it applies (the runtime
    /// loads it from the store first when it is not).
    public var namedOrder: OrderID? {
        switch self {
        case let .selectOrder(id), let .receiptPrinted(id), let .fulfilmentOrdered(id), let .fulfilmentArrived(id),
             let .pickedUp(id, _): id
        default: nil
        }
    }
}

/// An order as the store holds it, loaded back into the table (see ``CoreAction/orderLoaded(_:)``):
/// everything the machine keeps of an order except its lines, which stay in the store. Each field means
/// what the ``Order`` field of the same name means (cash applied is tendered less change).
public struct LoadedOrder: Hashable, Sendable {
    public var id: OrderID
    public var kind: OrderKind
    /// Paid and waiting (for the printer or the goods), or final: never counter work.
    public var phase: OrderPhase
    public var totalFen: Int64
    public var cashTenderedFen: Int64
    public var changeFen: Int64
    public var codePaidFen: Int64
    public var approvedPayment: PaymentKey?
    public var codeScheme: PaymentScheme?
    public var maskedCode: MaskedPaymentCode?
    public var creditPaidFen: Int64
    public var creditAccount: CreditAccountID?
    public var paymentAttempts: UInt16
    public var openedAtMs: Int64
    public var paidAtMs: Int64
    public var finishedAtMs: Int64
    public var pickupCode: UInt32
    public var villagerName: FixedBytes64
    public var phone: FixedBytes16

    /// An order loaded with these values; the optional ones default to none.
    public init(id: OrderID, kind: OrderKind, phase: OrderPhase, totalFen: Int64, cashTenderedFen: Int64,
                changeFen: Int64, codePaidFen: Int64, approvedPayment: PaymentKey? = nil, codeScheme: PaymentScheme? = nil,
                maskedCode: MaskedPaymentCode? = nil, creditPaidFen: Int64, creditAccount: CreditAccountID? = nil,
                paymentAttempts: UInt16 = 0, openedAtMs: Int64, paidAtMs: Int64, finishedAtMs: Int64,
                pickupCode: UInt32 = 0, villagerName: FixedBytes64 = FixedBytes64(), phone: FixedBytes16 = FixedBytes16()) {
        self.id = id
        self.kind = kind
        self.phase = phase
        self.totalFen = totalFen
        self.cashTenderedFen = cashTenderedFen
        self.changeFen = changeFen
        self.codePaidFen = codePaidFen
        self.approvedPayment = approvedPayment
        self.codeScheme = codeScheme
        self.maskedCode = maskedCode
        self.creditPaidFen = creditPaidFen
        self.creditAccount = creditAccount
        self.paymentAttempts = paymentAttempts
        self.openedAtMs = openedAtMs
        self.paidAtMs = paidAtMs
        self.finishedAtMs = finishedAtMs
        self.pickupCode = pickupCode
        self.villagerName = villagerName
        self.phone = phone
    }
}

/// An order's number, assigned by the machine in sequence (never reused).
public typealias OrderID = UInt32
/// A station credit account's number.
public typealias CreditAccountID = UInt32

/// A product scan, with what the runtime found in the catalog (the core has no catalog).
public struct ProductScan: Hashable, Sendable {
    /// The scanned code's bytes.
    public var barcode: FixedBytes32
    /// The unit price in fen.
    public var unitPriceFen: Int64
    /// The catalog's row id, so the runtime can find the name again.
    public var catalogRef: Int64
    /// Quantity when the scan itself carries it; the keypad entry overrides.
    public var quantity: Int32

    /// A scan of `barcode` at `unitPriceFen`.
    public init(barcode: FixedBytes32, unitPriceFen: Int64, catalogRef: Int64, quantity: Int32 = 1) {
        self.barcode = barcode
        self.unitPriceFen = unitPriceFen
        self.catalogRef = catalogRef
        self.quantity = quantity
    }
}

/// A villager's details for an assisted order.
public struct AssistedOrderRequest: Hashable, Sendable {
    /// The villager's name (UTF-8).
    public var villagerName: FixedBytes64
    /// The villager's phone.
    public var phone: FixedBytes16
    /// Runtime-supplied entropy for the pickup code (the core has no randomness).
    public var pickupSeed: UInt64

    /// An assisted-order request.
    public init(villagerName: FixedBytes64, phone: FixedBytes16, pickupSeed: UInt64) {
        self.villagerName = villagerName
        self.phone = phone
        self.pickupSeed = pickupSeed
    }
}

/// Keypad keys that edit the numeric entry. Function keys arrive as ``CommandCode``s.
public enum KeypadKey: Hashable, Sendable {
    /// 0–9.
    case digit(UInt8)
    /// The decimal point (amounts in yuan).
    case point
    /// Delete the last digit.
    case backspace
}

/// Who authorised a void.
public struct Authorisation: Hashable, Sendable {
    /// The role required to void a paid order.
    public enum Role: UInt8, Sendable {
        case supervisor = 1
        case technician = 2
    }

    /// Supervisor or technician.
    public var role: Role
    /// Their staff number (the runtime checked their PIN or card).
    public var staffID: UInt32

    /// An authorisation by `staffID` in `role`.
    public init(role: Role, staffID: UInt32) {
        self.role = role
        self.staffID = staffID
    }
}

/// The gateway's answer to a charge.
public enum PaymentAnswer: UInt8, Hashable, Sendable {
    /// Charged.
    case approved = 1
    /// Refused (insufficient funds, expired code…): not charged.
    case declined = 2
    /// A system error: the outcome is unknown and must be queried.
    case error = 3
}

/// The gateway's answer to a query.
public enum PaymentQueryAnswer: UInt8, Hashable, Sendable {
    /// The charge went through.
    case paid = 1
    /// The charge did not go through.
    case notPaid = 2
    /// Still unknown: the machine reverses it.
    case unknown = 3
}

/// The idempotency key of one charge attempt: the order and the attempt number. Derived, never
/// random, so a replayed journal produces the same keys and the gateway drops a repeated request.
public struct PaymentKey: Hashable, Sendable {
    /// The order charged.
    public var orderID: OrderID
    /// 1 for the first code tendered on the order, 2 for the next…
    public var attempt: UInt16

    /// The key of attempt `attempt` on `orderID`.
    public init(orderID: OrderID, attempt: UInt16) {
        self.orderID = orderID
        self.attempt = attempt
    }

    /// `orderID << 16 | attempt`.
    public var rawValue: UInt64 { UInt64(orderID) << 16 | UInt64(attempt) }

    /// `"42-1"`: the runtime prefixes its station id to form the gateway's out-trade number.
    public var text: String { "\(orderID)-\(attempt)" }
}

/// A bill on a counter order: the bills service's number for it and what the villager pays. The
/// machine takes the money like any sale; the bills service pays the biller once the order is paid.
public struct BillLine: Hashable, Sendable {
    /// The bill's number at the station (``Bill/id``).
    public var billID: UInt32
    /// What the villager pays, fen.
    public var amountFen: Int64

    public init(billID: UInt32, amountFen: Int64) {
        self.billID = billID
        self.amountFen = amountFen
    }

    /// The line's code on the order and receipt, `BILL-7` (built without allocating: the machine's path).
    public var barcode: FixedBytes32 {
        var code = FixedBytes32()
        for byte in "BILL-".utf8 { _ = code.append(byte) }
        var divisor: UInt32 = 1
        while billID / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            _ = code.append(UInt8(ascii: "0") + UInt8(billID / divisor % 10))
            divisor /= 10
        }
        return code
    }
    /// Where the line keeps the bill's number: catalog references are never negative.
    public var catalogRef: Int64 { -Int64(billID) }
}
