/// Why an event was refused. A refused event changes nothing; the operator sees the reason.
/// Codes are stable (they are journaled and shown in logs); text comes from ``OperatorMessage``.
public enum RefusalReason: UInt8, Hashable, Sendable, CaseIterable {
    /// No current order (open one first).
    case noCurrentOrder = 1
    /// No order with that number in the table (detail: the number).
    case orderNotFound = 2
    /// The order is closed, cancelled or voided: final.
    case orderFinished = 3
    /// Lines full (detail: the limit).
    case orderFull = 4
    /// Every slot of the order table holds counter work (orders being rung up or paid), so no other order
    /// can open or be loaded back (detail: the limit).
    case tooManyOpenOrders = 5
    /// Pending payments full (detail: the limit).
    case tooManyPendingPayments = 6
    /// Credit account table full (detail: the limit).
    case creditAccountsFull = 7
    /// Lines can only change while the order is open.
    case orderNotOpen = 8
    /// No lines to total (or all voided).
    case orderEmpty = 9
    /// Payment only after the order is totalled (or while open with lines).
    case orderNotPayable = 10
    /// A charge is in flight for this order: wait for its outcome.
    case paymentInProgress = 11
    /// The order is paid already.
    case orderAlreadyPaid = 12
    /// The order is not paid (void, receipt and reprint need a paid order).
    case orderNotPaid = 13
    /// Quantity outside 1…9999 or not a whole number (detail: the value when known).
    case invalidQuantity = 14
    /// An amount that is zero, negative or out of range where that makes no sense.
    case invalidAmount = 15
    /// The sum would overflow.
    case amountOverflow = 16
    /// No line with that number (detail: the number).
    case lineNotFound = 17
    /// The line is already voided (detail: the number).
    case lineAlreadyVoided = 18
    /// No charge with that key is pending.
    case unknownPayment = 19
    /// The charge is not in a state where that answer applies (e.g. a second approval).
    case paymentStateMismatch = 20
    /// Voiding a paid order needs a supervisor's or technician's authorisation.
    case authorisationRequired = 21
    /// No credit account with that number (detail: the number).
    case unknownCreditAccount = 22
    /// Over the credit limit (detail: fen still available).
    case creditLimitExceeded = 23
    /// A credit account with that number exists.
    case creditAccountExists = 24
    /// Not an assisted order.
    case notAssistedOrder = 25
    /// The assisted order is not at that step (ordered → arrived → picked up).
    case fulfilmentOutOfOrder = 26
    /// The pickup code does not match.
    case wrongPickupCode = 27
    /// The keypad entry is full.
    case entryTooLong = 28
    /// This needs a number on the keypad first.
    case entryRequired = 29
    /// The receipt must be confirmed first.
    case receiptNotConfirmed = 30
    /// Too many payment attempts on one order.
    case tooManyPaymentAttempts = 31
    /// An order to load back is in the table already (detail: its number).
    case orderAlreadyInTable = 32
    /// An order read from the store does not add up, or is counter work, which never leaves the table
    /// (detail: its number).
    case orderNotLoadable = 33
    /// A bill (缴费) is an order of its own: no goods beside it, no second bill, no other quantity.
    case billOnItsOwnOrder = 40
    /// A bill is paid in cash or by code, not on station credit.
    case billNotOnCredit = 41
    /// A paid bill goes back only when the biller refuses it (the bills service refunds it).
    case billNotVoidable = 42
    /// A credit repayment (赊账还款) is an order of its own: an empty counter order, no goods beside it.
    case repaymentOnItsOwnOrder = 43
    /// A repayment order takes a payment code only (cash repayments are `credit repay N AMOUNT`).
    case repaymentByCodeOnly = 44
    /// A repayment paid by code is not voided at the counter.
    case repaymentNotVoidable = 45
    /// More than the account owes, less what repayment orders under way are taking (detail: what may
    /// be repaid now, fen).
    case repaymentOverOwed = 46
    /// Voiding this credit sale would lower the account below what a repayment under way is taking:
    /// settle that repayment first.
    case repaymentUnderWay = 47
    /// A parcel's charge (快递代收款) is an order of its own: an empty counter order, no goods beside it.
    case parcelChargeOnItsOwnOrder = 48
    /// A parcel's charge is paid in cash or by code, not on station credit.
    case parcelChargeNotOnCredit = 49
    /// A parcel's charge is not voided at the counter: the parcel may already be in the villager's hands.
    case parcelChargeNotVoidable = 50
}

/// A refusal: the reason and one number that makes it concrete (a limit, a line number…).
public struct Refusal: Error, Hashable, Sendable {
    /// Why.
    public let reason: RefusalReason
    /// The number shown with it (0 when there is none).
    public let detail: Int64

    /// A refusal for `reason` with `detail`.
    public init(_ reason: RefusalReason, detail: Int64 = 0) {
        self.reason = reason
        self.detail = detail
    }
}
