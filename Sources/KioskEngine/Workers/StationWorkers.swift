import KioskCore

/// A station's workers behind one ``EffectWorker``: charges, queries, reversals and refunds through the
/// acquirer go to the payment worker; receipts, the drawer and cash refunds (the drawer opens on the
/// printer's port) go to the printer worker; a refund to a station credit account is done by the commit
/// that lowered the balance, so it is reported done at once.
public final class StationWorkers: EffectWorker {
    public let payments: any EffectWorker
    public let printer: any EffectWorker
    /// Sends text messages (``SMSPort``); nil on a station without a modem, whose messages wait in the outbox.
    public var messages: (any EffectWorker)?
    /// The billers' agent service (缴费); nil on a station that pays no bills.
    public let billers: (any EffectWorker)?
    /// Pays farmers' accounts for produce bought (``PayeePort``); nil on a station with no payee, whose
    /// account payouts are refused at the produce desk.
    public var payees: (any EffectWorker)?
    /// Asks the acquirers about statement mismatches (``StatementQueryWorker``); nil on a station without
    /// an acquirer, where every mismatch is answered ``KioskCore/MismatchAnswer/noAcquirer`` at once.
    public var statements: (any EffectWorker)?

    public init(payments: any EffectWorker, printer: any EffectWorker, billers: (any EffectWorker)? = nil) {
        self.payments = payments
        self.printer = printer
        self.billers = billers
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        switch work {
        case .charge, .query, .reverse, .presentQR, .pollQR, .closeQR:
            payments.start(work, nowMs: nowMs, reports: reports)
        case .refund(let refund, _) where refund.method == .paymentCode:
            payments.start(work, nowMs: nowMs, reports: reports)
        case .refund(let refund, let outboxKey) where refund.method == .stationCredit:
            reports.report(.effectDone(outboxKey: outboxKey), atMs: nowMs)
        case .refund, .openDrawer, .print:
            printer.start(work, nowMs: nowMs, reports: reports)
        case .sendMessage:
            messages?.start(work, nowMs: nowMs, reports: reports)
        case .bill:
            billers?.start(work, nowMs: nowMs, reports: reports)
        case .payout:
            payees?.start(work, nowMs: nowMs, reports: reports)
        case .statementQuery(let query):
            guard let statements else {
                reports.report(.day(.mismatchAnswered(query, .noAcquirer)), atMs: nowMs)
                return
            }
            statements.start(work, nowMs: nowMs, reports: reports)
        }
    }
}
