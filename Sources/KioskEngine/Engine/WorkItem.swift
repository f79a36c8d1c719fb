import KioskCore

/// One committed effect, handed to an ``EffectWorker`` after the commit that asked for it returned.
///
/// A work item leaves the event loop: the worker carries it out on its own time (a printer out of paper,
/// an acquirer over poor 4G) and reports the outcome back as a ``StationInput``. `outboxKey` names the
/// outbox row the effect was committed as; the report that it is done carries it back.
public enum WorkItem: Sendable, Equatable {
    /// Send a charge to the acquirer (the full payment code is here only, never stored).
    case charge(PaymentRequest)
    /// Ask the acquirer what became of a charge.
    case query(PaymentKey, outboxKey: String)
    /// Ask the acquirer to reverse (撤销) a charge.
    case reverse(PaymentKey, outboxKey: String)
    /// Give money back: from the drawer, through the acquirer, or to the credit account.
    case refund(Refund, outboxKey: String)
    /// Kick the cash drawer open.
    case openDrawer(outboxKey: String)
    /// Print a stored job's ESC/POS bytes, confirmed by the printer's answer to a status request sent after it.
    case print(jobID: Int64, bytes: [UInt8])
    /// Send a text message (a parcel's pickup code, a reminder) through the SMS port.
    case sendMessage(ShortMessage, outboxKey: String)
    /// Ask a biller's agent service (缴费): look an account up, pay a bill, or ask what became of a payment.
    case bill(BillerRequest)
    /// Pay a farmer's account for produce bought (收购), or ask the payee what became of a payout.
    case payout(PayeeRequest)
    /// Ask the acquirer what became of a payment a provider's statement disagrees on.
    case statementQuery(StatementQuery)
    /// Ask the provider for a QR the customer scans to pay the request's amount (扫码付).
    case presentQR(PaymentRequest)
    /// Ask the provider whether the customer paid the QR of payment `key` (while it shows).
    case pollQR(PaymentKey, PaymentScheme)
    /// Close the QR of payment `key` at the provider, then ask what became of it: the answer is final,
    /// since nobody can pay a closed QR.
    case closeQR(PaymentKey, PaymentScheme, outboxKey: String)
}

/// Carries out work items off the event loop. `start` returns at once; the outcome comes back later
/// through `reports`, as an input the engine handles like any other.
public protocol EffectWorker: AnyObject {
    func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports)
}

/// Where workers report outcomes: the engine's input queue. Called on the engine's loop only (a worker
/// that runs elsewhere hops back to the loop first).
public protocol WorkReports: AnyObject {
    /// Hands `input` to the engine, due at `atMs` (a simulated acquirer may answer later than now).
    func report(_ input: StationInput, atMs: Int64)
}
