/// The decisions of a bill's life, pure: an entry and the bill as it stands give the bill as it becomes
/// and what the station must do, or a refusal that changes nothing.
///
/// Answers that come late or twice change nothing that is settled. A success reported for a bill whose
/// money already went back is not kept silently: it is recorded as a flag for the technician (the
/// biller holds money the station gave back) and nothing else changes.
public struct BillRules: Sendable {
    public let policy: BillPolicy

    public init(policy: BillPolicy) {
        self.policy = policy
    }

    /// What an entry does to `bill` (nil: none with its number yet).
    public func apply(_ event: BillEvent, to bill: Bill?) -> BillDecision {
        switch event.action {
        case .opened(let opening):
            guard bill == nil else { return .refused(.billExists) }
            return open(opening, id: event.billID, atMs: event.timeMs)
        default:
            guard let bill else { return .refused(.unknownBill) }
            return change(bill, event.action, atMs: event.timeMs)
        }
    }

    /// Whether `amountFen` may be paid against `lookup`; nil when it may.
    public func refusal(amountFen: Int64, lookup: BillLookup) -> BillRefusal? {
        guard amountFen > 0, lookup.dueFen >= 0 else { return .amountInvalid }
        guard amountFen <= policy.maxAmountFen else { return .amountOverLimit(policy.maxAmountFen) }
        switch lookup.rule {
        case .exact where amountFen != lookup.dueFen: return .amountMustBeExact(lookup.dueFen)
        case .atLeast where amountFen < lookup.dueFen: return .amountBelowDue(lookup.dueFen)
        default: return nil
        }
    }

    private func open(_ opening: BillOpening, id: Int64, atMs: Int64) -> BillDecision {
        guard id > 0, opening.orderID > 0 else { return .refused(.unknownBill) }
        guard BillMasking.isValid(opening.account, kind: opening.biller.kind) else { return .refused(.accountInvalid) }
        if let refusal = refusal(amountFen: opening.amountFen, lookup: opening.lookup) { return .refused(refusal) }
        let bill = Bill(id: id, billerCode: opening.biller.code, billerKind: opening.biller.kind, account: opening.account,
                        holderMasked: opening.lookup.holderMasked, dueFen: opening.lookup.dueFen, rule: opening.lookup.rule,
                        amountFen: opening.amountFen, orderID: opening.orderID, phase: .awaitingCounter, createdAtMs: atMs)
        return .record(bill, [])
    }

    private func change(_ current: Bill, _ action: BillAction, atMs: Int64) -> BillDecision {
        var bill = current
        switch action {
        case .opened:
            return .refused(.billExists)
        case .paidAtCounter:
            guard bill.phase == .awaitingCounter else { return .unchanged(.alreadyPast) }
            bill.phase = .sent
            bill.paidAtMs = atMs
            bill.lastContactMs = atMs
            return .record(bill, [.payBiller, .scheduleQuery(atMs: policy.nextQueryAtMs(bill))])
        case .cancelledAtCounter:
            guard bill.phase == .awaitingCounter else { return .unchanged(.alreadyPast) }
            bill.phase = .cancelled
            bill.settledAtMs = atMs
            return .record(bill, [])
        case .queryDue:
            guard bill.phase.isUnconfirmed else { return .unchanged(.settled) }
            bill.queries += 1
            bill.lastContactMs = atMs
            // A given-up bill is asked only when the technician says so: no schedule follows.
            guard bill.phase.awaitsBiller else { return .record(bill, [.queryBiller]) }
            return .record(bill, [.queryBiller, .scheduleQuery(atMs: policy.nextQueryAtMs(bill))])
        case .gaveUp:
            guard bill.phase.awaitsBiller else { return .unchanged(bill.phase == .givenUp ? .givenUp : .settled) }
            guard atMs >= policy.giveUpAtMs(bill) else { return .unchanged(.notDue) }
            bill.phase = .givenUp
            bill.flag = "no final answer from the biller \((atMs - bill.paidAtMs) / 1_000) s after payment: "
                + "confirm with the biller, then query or refund"
            return .record(bill, [.flagTechnician, .printGivenUpSlip])
        case .refundOrdered:
            guard bill.phase == .givenUp else { return .unchanged(.alreadyPast) }
            bill.phase = .refunding
            bill.failureReason = "超时未确认，技术员退款"
            bill.flag = nil
            return .record(bill, [.refund, .printRefundSlip])
        case .refundDone:
            guard bill.phase == .refunding else { return .unchanged(.alreadyPast) }
            bill.phase = .refunded
            bill.settledAtMs = atMs
            return .record(bill, [])
        case .answered(let answer):
            return answered(bill, answer, atMs: atMs)
        case .reprinted:
            switch bill.phase {
            case .succeeded: return .record(bill, [.reprintProof])
            case .sent, .pending: return .record(bill, [.printPendingSlip])
            case .givenUp: return .record(bill, [.printGivenUpSlip])
            case .awaitingCounter, .refunding, .refunded, .cancelled: return .unchanged(.notSent)
            }
        }
    }

    private func answered(_ current: Bill, _ answer: BillerAnswer, atMs: Int64) -> BillDecision {
        var bill = current
        switch (bill.phase, answer) {
        case (.awaitingCounter, _), (.cancelled, _):
            // Nothing was sent for it: an answer is the biller's mistake, and pays nothing here.
            return .unchanged(.notSent)
        case (.sent, .pending), (.pending, .pending):
            let first = bill.phase == .sent
            bill.phase = .pending
            return first ? .record(bill, [.printPendingSlip]) : .unchanged(.stillPending)
        case (.sent, .unknown), (.pending, .unknown):
            // The payment never reached the biller: send it again under the same key.
            bill.lastContactMs = atMs
            return .record(bill, [.payBiller, .scheduleQuery(atMs: policy.nextQueryAtMs(bill))])
        case (.givenUp, .pending), (.givenUp, .unknown):
            // Given up: the station neither pays again nor asks on its own; the technician decides.
            return .unchanged(.givenUp)
        case (.sent, .succeeded(let reference)), (.pending, .succeeded(let reference)), (.givenUp, .succeeded(let reference)):
            bill.phase = .succeeded
            bill.reference = reference
            bill.settledAtMs = atMs
            bill.flag = nil
            return .record(bill, [.printProof])
        case (.sent, .failed(let reason)), (.pending, .failed(let reason)), (.givenUp, .failed(let reason)):
            bill.phase = .refunding
            bill.failureReason = reason
            bill.flag = nil
            return .record(bill, [.refund, .printRefundSlip])
        case (.refunding, .succeeded(let reference)), (.refunded, .succeeded(let reference)):
            guard bill.flag == nil else { return .unchanged(.settled) }
            bill.flag = "biller reports success \(reference) after the refund"
            return .record(bill, [.flagTechnician])
        case (.succeeded, .failed(let reason)):
            guard bill.flag == nil else { return .unchanged(.settled) }
            bill.flag = "biller reports failure (\(reason)) after success \(bill.reference ?? "")"
            return .record(bill, [.flagTechnician])
        case (.succeeded, _), (.refunding, _), (.refunded, _):
            return .unchanged(.settled)
        }
    }
}

/// What an entry does.
public enum BillDecision: Hashable, Sendable {
    /// Record the bill as it now is, and ask for these effects (after the entry is committed).
    case record(Bill, [BillEffect])
    /// Nothing changes (a late or repeated answer, a timer for a bill already settled): not journaled.
    case unchanged(BillNote)
    /// Refused: nothing changes and the operator is told why.
    case refused(BillRefusal)
}

/// What the station does for a bill, after its entry is committed.
public enum BillEffect: Hashable, Sendable {
    /// Send the payment to the biller under the bill's key (again, when it was lost).
    case payBiller
    /// Ask the biller what became of the payment.
    case queryBiller
    /// Ask again at this time unless the biller has settled the bill by then.
    case scheduleQuery(atMs: Int64)
    /// Give the counter order's money back the way it was paid.
    case refund
    /// Print the proof of payment.
    case printProof
    /// Print the proof again, marked as a copy.
    case reprintProof
    /// Print the 处理中 slip: paid here, the biller has not confirmed.
    case printPendingSlip
    /// Print the slip of the refund.
    case printRefundSlip
    /// Print the slip of a bill given up: not a proof; the station holds the money until the technician settles it.
    case printGivenUpSlip
    /// Log for the technician: the biller and the station disagree.
    case flagTechnician
}

/// Why an entry changed nothing, though it was not wrong to receive it.
public enum BillNote: Hashable, Sendable {
    /// The bill is settled: the answer repeats or comes late.
    case settled
    /// The biller still processes it.
    case stillPending
    /// Nothing has been sent to the biller for it.
    case notSent
    /// The bill is past that step already.
    case alreadyPast
    /// The give-up deadline has not come.
    case notDue
    /// The bill is given up: only the biller's final answer or the technician changes it.
    case givenUp
}

/// Why a bill was refused.
public enum BillRefusal: Hashable, Sendable, Error {
    case unknownBiller
    /// No lookup answered for the account: look it up first.
    case notLookedUp
    /// The counter would not open the bill's order (the operator was told why).
    case counterRefused
    case unknownBill
    case billExists
    case accountInvalid
    case amountInvalid
    case amountOverLimit(Int64)
    case amountMustBeExact(Int64)
    case amountBelowDue(Int64)

    /// The operator's text.
    public func text(zh: Bool) -> String {
        switch self {
        case .unknownBiller: zh ? "没有这个缴费单位" : "no such biller"
        case .notLookedUp: zh ? "请先查询户号" : "look the account up first"
        case .counterRefused: zh ? "收银台不能开单" : "the counter cannot open the bill's order"
        case .unknownBill: zh ? "没有这笔缴费" : "no such bill"
        case .billExists: zh ? "缴费已存在" : "bill exists"
        case .accountInvalid: zh ? "户号无效" : "account number not valid"
        case .amountInvalid: zh ? "缴费金额无效" : "invalid bill amount"
        case .amountOverLimit(let fen): zh ? "缴费金额超过上限 \(Money.format(fen: fen))" : "bill over the limit \(Money.format(fen: fen))"
        case .amountMustBeExact(let fen): zh ? "须按应缴金额 \(Money.format(fen: fen)) 缴费" : "pay exactly \(Money.format(fen: fen))"
        case .amountBelowDue(let fen): zh ? "缴费金额不能少于 \(Money.format(fen: fen))" : "pay at least \(Money.format(fen: fen))"
        }
    }
}
