import KioskCore
import KioskStore
import Logging

/// Account payouts to farmers (收购 paid by transfer): sends each through the payee under its purchase's
/// key, records every answer that changes it as one entry in the `produce` journal domain with its row,
/// asks the payee about payouts it has not settled, and at start resumes them from the store — asked
/// first, under the same key, so a payout cut off by kill -9 is never paid twice.
///
/// Decisions are ``KioskCore/ProducePayoutRules``'s. A failed payout stays in the store as failed, written
/// to the audit trail and shown to the operator: the technician settles with the farmer.
public final class ProducePayoutDesk {
    unowned let engine: StationEngine
    let database: KioskDatabase
    /// The first query after a send or an unsettled answer; each later one waits twice as long, up to
    /// ``longestQueryGapMs``.
    public static let firstQueryDelayMs: Int64 = 30_000
    public static let longestQueryGapMs: Int64 = 600_000
    /// Payouts the payee has not settled: lot → when it is next asked, and the gap before the one after.
    private var queriesDue: [String: (atMs: Int64, gapMs: Int64)] = [:]
    /// When the earliest query timer handed to the inbox fires.
    private var sweepAtMs: Int64?

    init(engine: StationEngine, database: KioskDatabase) {
        self.engine = engine
        self.database = database
    }

    /// The outbox key of send number `sends` of a payout (the first is the purchase's idempotency key).
    static func outboxKey(_ payout: ProducePayoutState) -> String {
        payout.sends <= 1 ? payout.key : "\(payout.key)#\(payout.sends)"
    }

    /// The work that sends `payout` for `farmer`, after the commit holding its outbox row.
    static func sendWork(_ payout: ProducePayoutState, farmer: Farmer, account: PayeeAccount?) -> WorkItem {
        .payout(.pay(payment(payout, farmer: farmer, account: account), outboxKey: outboxKey(payout)))
    }

    private static func payment(_ payout: ProducePayoutState, farmer: Farmer, account: PayeeAccount?) -> FarmerPayment {
        FarmerPayment(key: payout.key, lot: payout.lot, farmerName: farmer.name, maskedPhone: farmer.maskedPhone,
                      account: account, amountFen: payout.amountFen)
    }

    /// A payout was just committed and sent: the payee is asked about it if no answer settles it first.
    func sent(lot: String, nowMs: Int64) {
        scheduleQuery(lot: lot, atMs: nowMs + Self.firstQueryDelayMs, gapMs: Self.firstQueryDelayMs)
    }

    /// Asks the payee about the payout of `lot` now (the shell's `produce payout-query LOT`); false when it
    /// does not wait on the payee.
    @discardableResult
    public func query(lot: String, nowMs: Int64) -> Bool {
        engine.advance(toMs: nowMs)
        guard let row = try? ProduceRecords.payout(lot: lot, in: database), row.payout.phase.awaitsPayee else { return false }
        ask(row, nowMs: nowMs)
        engine.advance(toMs: nowMs)
        return true
    }

    /// When the payout of `lot` is next asked about, while it waits on the payee.
    public func nextQueryAtMs(lot: String) -> Int64? { queriesDue[lot]?.atMs }

    // MARK: Inputs

    func handle(_ input: ProducePayoutInput, nowMs: Int64) {
        switch input {
        case .answered(let lot, let answer):
            answered(lot: lot, answer, nowMs: nowMs)
        case .queriesDue:
            sweepAtMs = nil
            let due = queriesDue.filter { $0.value.atMs <= nowMs }.sorted { ($0.value.atMs, $0.key) < ($1.value.atMs, $1.key) }
            for (lot, schedule) in due {
                guard let row = try? ProduceRecords.payout(lot: lot, in: database), row.payout.phase.awaitsPayee else {
                    queriesDue[lot] = nil
                    continue
                }
                let gap = min(schedule.gapMs * 2, Self.longestQueryGapMs)
                queriesDue[lot] = (nowMs + gap, gap)
                ask(row, nowMs: nowMs)
            }
            if let next = queriesDue.values.map(\.atMs).min() { scheduleSweep(atMs: next) }
        }
    }

    /// At start: every payout still waiting on the payee is asked about at once (never sent blind: it may
    /// have been paid before the station stopped).
    func resume(nowMs: Int64) {
        guard let waiting = try? ProduceRecords.payouts(in: database, phases: [.sent, .pending]) else { return }
        for row in waiting {
            scheduleQuery(lot: row.payout.lot, atMs: nowMs + Self.firstQueryDelayMs, gapMs: Self.firstQueryDelayMs)
            ask(row, nowMs: nowMs)
            // An inline payee has answered already: handled now, the inbox never holds every answer at once.
            engine.advance(toMs: nowMs)
        }
        if !waiting.isEmpty {
            engine.logger.info("account payouts to farmers resumed: asking the payee", metadata: ["payouts": "\(waiting.count)"])
        }
    }

    // MARK: Entries

    private func ask(_ row: ProduceRecords.PayoutRow, nowMs: Int64) {
        engine.ports.workers.start(.payout(.query(Self.payment(row.payout, farmer: row.farmer, account: row.payeeAccount))), nowMs: nowMs,
                                   reports: engine.inbox)
    }

    private func answered(lot: String, _ answer: PayeeAnswer, nowMs: Int64) {
        let row: ProduceRecords.PayoutRow?
        do { row = try ProduceRecords.payout(lot: lot, in: database) } catch { return }
        guard let row else {
            engine.logger.warning("the payee answered about a lot with no account payout", metadata: ["lot": "\(lot)"])
            return
        }
        var work: [WorkItem] = []
        let decided: ProducePayoutState
        let flag: Bool
        switch ProducePayoutRules.decide(answer, for: row.payout, atMs: nowMs) {
        case .unchanged(let note):
            engine.logger.info("a payee's answer changed nothing", metadata: ["lot": "\(lot)", "note": "\(note)"])
            return
        case .record(let payout, let flagTechnician):
            decided = payout
            flag = flagTechnician
        case .resend(let payout):
            decided = payout
            flag = false
            work.append(Self.sendWork(payout, farmer: row.farmer, account: row.payeeAccount))
        }
        var commit = JournalCommit(eventPayload: ProducePayoutEntryCodec.encode(decided), eventKind: "producePayout",
                                   recordedAtMs: nowMs, domain: .produce)
        commit.writes = [ProduceRecords.payoutWrite(updating: decided)]
        if !work.isEmpty {
            commit.outbox = [OutboxItem(idempotencyKey: Self.outboxKey(decided), kind: ProduceDeskService.payoutOutboxKind,
                                        payload: ProducePayoutEntryCodec.encode(decided))]
        }
        if flag {
            commit.audit = [AuditRecord(at_ms: nowMs, who: "payee", command: "produce payout \(lot)",
                                        outcome: decided.flag ?? "failed: \(decided.failureReason ?? "")")]
        }
        // A settled payout is final: a payee's word on it changes the books, so a power cut must not undo it.
        guard engine.commitService(commit, work: work, nowMs: nowMs, synced: true) != nil else { return }
        if decided.phase.awaitsPayee {
            if queriesDue[lot] == nil { sent(lot: lot, nowMs: nowMs) }
        } else {
            queriesDue[lot] = nil
            finishSends(of: decided)
        }
        announce(decided, row: row, flagged: flag, nowMs: nowMs)
    }

    /// Sends whose answers never came (lost, or cut off by a restart): their outbox rows are done once the
    /// payout is settled, so the station's pending effects are the ones still to do.
    private func finishSends(of payout: ProducePayoutState) {
        guard let pending = try? engine.journal.pendingOutbox() else { return }
        for item in pending where item.kind == ProduceDeskService.payoutOutboxKind
            && (item.idempotencyKey == payout.key || item.idempotencyKey.hasPrefix(payout.key + "#")) {
            engine.finishOutbox(item.idempotencyKey, nowMs: payout.lastContactMs)
        }
    }

    private func announce(_ payout: ProducePayoutState, row: ProduceRecords.PayoutRow, flagged: Bool, nowMs: Int64) {
        let amount = Money.formatWithSign(fen: payout.amountFen)
        let zh = engine.configuration.locale == .zhHans
        if flagged {
            engine.logger.error("a farmer's account payout needs the technician", metadata: [
                "lot": "\(payout.lot)", "state": "\(payout.phase.name)",
                "why": "\(payout.flag ?? payout.failureReason ?? "")",
            ])
        }
        switch payout.phase {
        case .paid where payout.flag == nil:
            engine.showService(code: "PRODUCE_PAYOUT_PAID", text: zh ? "批次 \(payout.lot) 已转账 \(amount) 给 \(row.farmer.name)"
                : "lot \(payout.lot): \(amount) paid to \(row.farmer.name)", nowMs: nowMs)
        case .paid:
            engine.showService(code: "PRODUCE_PAYOUT_FLAGGED", text: zh ? "批次 \(payout.lot) 转账结果异常，已通知技术员"
                : "lot \(payout.lot): contradictory payout answer, flagged for the technician", nowMs: nowMs)
        case .failed:
            engine.showService(code: "PRODUCE_PAYOUT_FAILED", text: zh
                ? "批次 \(payout.lot) 转账失败（\(payout.failureReason ?? "")），\(row.farmer.name) 未收到 \(amount)，请技术员处理"
                : "lot \(payout.lot): payout failed (\(payout.failureReason ?? "")); \(row.farmer.name) is owed \(amount): for the technician",
                nowMs: nowMs)
        case .sent, .pending:
            break
        }
    }

    private func scheduleQuery(lot: String, atMs: Int64, gapMs: Int64) {
        queriesDue[lot] = (atMs, gapMs)
        scheduleSweep(atMs: atMs)
    }

    /// Hands a query timer to the inbox unless an earlier one is already there.
    private func scheduleSweep(atMs: Int64) {
        if let sweepAtMs, sweepAtMs <= atMs { return }
        sweepAtMs = atMs
        engine.inbox.report(.payout(.queriesDue), atMs: atMs)
    }
}
