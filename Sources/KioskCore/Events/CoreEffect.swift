/// What the runtime must do after an event, as plain values (the core does no I/O).
///
/// An accepted event always yields ``persist(_:)`` first: the runtime commits the event (and
/// the order's state) before it carries out any other effect, so a charge is never requested
/// for an order that a power cut could forget.
public enum CoreEffect: Hashable, Sendable {
    /// Commit the accepted event and the state of this order (`nil`: no order involved).
    case persist(OrderID?)
    /// Print the order's receipt.
    case printReceipt(OrderID, ReceiptKind)
    /// Send a charge to the gateway (the full code is here only, never in state or journal).
    case requestPayment(PaymentRequest)
    /// Ask the gateway what became of a charge.
    case queryPayment(PaymentKey)
    /// Ask the gateway to reverse (撤销) a charge whose outcome stays unknown.
    case reversePayment(PaymentKey)
    /// Give money back after a void or a cancel.
    case refund(Refund)
    /// Kick the cash drawer open.
    case openDrawer
    /// Show the operator a message (rendered in the board's locale by ``OperatorMessage/text(in:)``).
    case showMessage(OperatorMessage)
}

/// A receipt or a copy.
public enum ReceiptKind: UInt8, Hashable, Sendable {
    /// The first print.
    case receipt = 1
    /// A copy, marked as such (重打).
    case reprint = 2
}

/// A charge to send to the payment gateway: a customer's code to charge, or, when the code is
/// ``PaymentCode/presentedQR(_:)``, a QR to ask the provider for and show the customer (扫码付).
public struct PaymentRequest: Hashable, Sendable {
    /// The idempotency key: the same key is never charged twice by the gateway.
    public let key: PaymentKey
    /// The customer's code, full digits (send it, never log it: use `code.masked`).
    public let code: PaymentCode
    /// How much to charge, in fen.
    public let amountFen: Int64

    /// A charge of `amountFen` with `code` under `key`.
    public init(key: PaymentKey, code: PaymentCode, amountFen: Int64) {
        self.key = key
        self.code = code
        self.amountFen = amountFen
    }
}

/// Money to give back.
public struct Refund: Hashable, Sendable {
    /// How the money goes back.
    public enum Method: UInt8, Sendable {
        /// From the drawer.
        case cash = 1
        /// Through the gateway, against the approved charge `paymentKey`.
        case paymentCode = 2
        /// Credited to the station account (the machine already lowered the balance).
        case stationCredit = 3
    }

    /// The order refunded.
    public let orderID: OrderID
    /// Cash, code or credit.
    public let method: Method
    /// How much, in fen.
    public let amountFen: Int64
    /// The charge to refund, for ``Method/paymentCode``.
    public let paymentKey: PaymentKey?

    /// A refund of `amountFen` on `orderID` by `method`.
    public init(orderID: OrderID, method: Method, amountFen: Int64, paymentKey: PaymentKey?) {
        self.orderID = orderID
        self.method = method
        self.amountFen = amountFen
        self.paymentKey = paymentKey
    }
}

/// The effects of the last event, in the machine's storage.
public typealias EffectList = FixedList<CoreEffect>

extension FixedList where Element == CoreEffect {
    /// No event yields more effects than this.
    public static var capacity: Int { 8 }
}
