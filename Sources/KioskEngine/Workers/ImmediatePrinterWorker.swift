import KioskCore

/// The printer worker of a printer and drawer that answer at once (the simulation's): each job is sent
/// with a status request after it and reported printed or held at the same simulated instant.
public final class ImmediatePrinterWorker: EffectWorker {
    private let printer: any ReceiptPrinterPort
    private let drawer: any CashDrawerPort

    public init(printer: any ReceiptPrinterPort, drawer: any CashDrawerPort) {
        self.printer = printer
        self.drawer = drawer
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        switch work {
        case .print(let jobID, let bytes):
            switch printer.print(bytes, nowMs: nowMs) {
            case .confirmed: reports.report(.printed(jobID: jobID), atMs: nowMs)
            case .held(let hold): reports.report(.printHeld(jobID: jobID, hold), atMs: nowMs)
            }
        case .openDrawer(let outboxKey), .refund(_, let outboxKey):
            drawer.kick(nowMs: nowMs)
            reports.report(.effectDone(outboxKey: outboxKey), atMs: nowMs)
        case .charge, .query, .reverse, .presentQR, .pollQR, .closeQR, .sendMessage, .bill, .payout, .statementQuery:
            preconditionFailure("payment, message, bill or payout work reached the printer worker")
        }
    }
}
