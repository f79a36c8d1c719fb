import KioskCore
import KioskStore
import Logging

/// What recovery did at boot, for the log and the shell's `status`.
public struct RecoveryReport: Sendable, Equatable {
    /// Journal events replayed (after the snapshot, when one restored).
    public var eventsReplayed = 0
    /// The journal sequence of the machine snapshot recovery started from, nil when it replayed everything.
    public var snapshotSequence: Int64?
    /// Snapshots that did not restore (damaged, or written for other limits or by another format).
    public var snapshotsRejected = 0
    /// Events the machine refused on replay (must be 0: the journal holds only accepted events).
    public var replayRefusals = 0
    /// Charges whose outcome was unknown, queried again.
    public var paymentsRequeried = 0
    /// Receipts reprinted as marked copies (`补打 REPRINT`).
    public var receiptsReprinted = 0
    /// Refunds carried out again.
    public var refundsRedone = 0
    /// Orders open after recovery.
    public var openOrders = 0
}

/// Boot-time recovery: rebuilds the fixed tables from the newest machine snapshot and the journal after
/// it, settles charges whose outcome is unknown (query, then capture or reverse), reprints unconfirmed
/// receipts and resumes the outbox. Bounded: at most ``StationEngine/eventsPerSnapshot`` events are
/// replayed, plus what the fixed tables hold; logs what it did.
struct BootRecovery {
    let engine: StationEngine

    func run(nowMs: Int64) throws {
        var report = RecoveryReport()
        try replay(&report)
        settleCharges(&report, nowMs: nowMs)
        try resumeOutbox(&report, nowMs: nowMs)
        try reprintUnconfirmed(&report, nowMs: nowMs)
        report.openOrders = engine.machine.openOrderCount
        engine.recovery = report
        engine.startQueuedPrintJobs(nowMs: nowMs)
        if report.paymentsRequeried + report.receiptsReprinted > 0 {
            engine.show(.recovered(events: report.eventsReplayed, reprinted: report.receiptsReprinted,
                                   requeried: report.paymentsRequeried), nowMs: nowMs)
        }
        if report.snapshotsRejected > 0 {
            engine.logger.warning("a machine snapshot did not restore; recovered from an older one or the whole journal",
                                  metadata: ["rejected": "\(report.snapshotsRejected)"])
        }
        if report.eventsReplayed > 0 || report.snapshotSequence != nil {
            engine.logger.info("recovered from the journal", metadata: [
                "snapshot_seq": "\(report.snapshotSequence.map(String.init) ?? "none")",
                "events": "\(report.eventsReplayed)", "open_orders": "\(report.openOrders)",
                "requeried": "\(report.paymentsRequeried)", "reprinted": "\(report.receiptsReprinted)",
                "refunds": "\(report.refundsRedone)",
            ])
        }
        if report.replayRefusals > 0 {
            engine.logger.critical("journal replay refused events: the journal and this binary disagree",
                                   metadata: ["refused": "\(report.replayRefusals)"])
        }
    }

    private func replay(_ report: inout RecoveryReport) throws {
        let rebuilt = try MachineRebuild.run(limits: engine.configuration.limits, journal: engine.journal)
        engine.machine = rebuilt.machine
        report.eventsReplayed = rebuilt.eventsReplayed
        report.replayRefusals = rebuilt.replayRefusals
        report.snapshotSequence = rebuilt.snapshotSequence
        report.snapshotsRejected = rebuilt.snapshotsRejected
        // A service's entry (the day's close, a parcel…) may be the journal's last: the next entry follows it.
        engine.setSequence(max(rebuilt.lastSequence, try engine.journal.lastSequence()))
    }

    /// A charge still pending in the machine had its answer lost with the process: time it out, which
    /// queries the gateway (same idempotency key), which then captures or reverses it. A query or a
    /// reversal under way is started again. The answers come back through the workers, as at the counter.
    private func settleCharges(_ report: inout RecoveryReport, nowMs: Int64) {
        for key in engine.machine.pendingPaymentKeys {
            guard let payment = engine.machine.pendingPayment(key) else { continue }
            report.paymentsRequeried += 1
            switch payment.status {
            case .pending:
                engine.submit(.paymentTimedOut(key), nowMs: nowMs)
            case .querying:
                engine.ports.workers.start(engine.queryWork(key, outboxKey: "query:\(key.text):boot"), nowMs: nowMs,
                                           reports: engine.inbox)
            case .reversing:
                engine.ports.workers.start(.reverse(key, outboxKey: "reverse:\(key.text):boot"), nowMs: nowMs,
                                           reports: engine.inbox)
            }
        }
    }

    /// Effects committed before the crash and not reported done. Charges, queries and reversals were
    /// settled above; refunds are carried out again (the gateway drops a repeated key); a drawer kick
    /// is not replayed at boot (the operator opens the drawer with the key if a sale needed it).
    private func resumeOutbox(_ report: inout RecoveryReport, nowMs: Int64) throws {
        for item in try engine.journal.pendingOutbox() {
            switch item.kind {
            case "refund":
                guard let refund = Self.refund(item) else { continue }
                report.refundsRedone += 1
                engine.ports.workers.start(.refund(refund, outboxKey: item.idempotencyKey), nowMs: nowMs,
                                           reports: engine.inbox)
            case "charge", "query", "reverse", "drawer":
                engine.finishOutbox(item.idempotencyKey, nowMs: nowMs)
            default:
                // A service's effect (a message, a biller's payment): the service resumes it when it starts.
                continue
            }
        }
    }

    /// A job handed to the printer when the power went may or may not be on paper: print it again,
    /// marked. Jobs the printer held wait as they were, in the store (only their number is read, however
    /// many a long paper-out left). Every waiting job is then started.
    private func reprintUnconfirmed(_ report: inout RecoveryReport, nowMs: Int64) throws {
        for job in try engine.journal.printJobsHandedOver() {
            if job.kind == .receipt, let orderID = job.orderID {
                let bytes = try engine.receiptBytes(orderID: orderID, pending: nil, isReprint: true)
                _ = try engine.journal.replaceWithReprint(jobID: job.id, bytes: bytes, atMs: nowMs)
                report.receiptsReprinted += 1
            } else {
                // A slip, label or proof is no receipt: printed again as it was (a second one takes no money).
                try engine.journal.setPrintJobs([job.id], to: .queued)
            }
        }
        engine.printsQueued = try engine.journal.unconfirmedPrintJobCount()
    }

    private static func refund(_ item: OutboxItem) -> Refund? {
        let fields = String(decoding: item.payload, as: UTF8.self).split(separator: " ")
        guard fields.count == 3, let method = UInt8(fields[0]).flatMap(Refund.Method.init(rawValue:)),
              let amount = Int64(fields[1]),
              let orderText = item.idempotencyKey.split(separator: ":").dropFirst().first,
              let orderID = OrderID(orderText)
        else { return nil }
        return Refund(orderID: orderID, method: method, amountFen: amount, paymentKey: PaymentKey(text: fields[2]))
    }
}

extension PaymentKey {
    /// Parses `"42-1"` (``text``); nil for anything else.
    public init?(text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let order = OrderID(parts[0]), let attempt = UInt16(parts[1]) else { return nil }
        self.init(orderID: order, attempt: attempt)
    }
}
