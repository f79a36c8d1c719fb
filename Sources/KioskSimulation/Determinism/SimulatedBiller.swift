import KioskCore

/// A biller's agent service in memory, answer by answer from a script (a scenario's steps, a generated
/// day's seeded faults), that behaves
/// like a real one where it matters: a payment's key is remembered, so one sent again is never paid twice;
/// a payment being processed settles after a few queries; answers can be late, repeated or lost.
public struct SimulatedBiller: Sendable {
    /// How the biller treats the next new payment.
    public enum Behaviour: Sendable, Equatable {
        /// Takes it and answers success at once.
        case succeed
        /// Refuses it.
        case fail(reason: String)
        /// Answers 处理中, and settles as `succeeds` after `queries` queries.
        case pending(queries: Int, succeeds: Bool)
        /// The request never arrives: no answer, and a query finds nothing.
        case loseRequest
        /// Takes it, but its answer is lost: a query finds it paid.
        case loseAnswer
        /// Takes it and answers success twice.
        case duplicateAnswer
        /// Takes it and answers success `delayMs` later.
        case lateAnswer(delayMs: Int64)
    }

    /// One answer and the simulated time it arrives.
    public struct Reply: Sendable, Equatable {
        public var answer: BillerAnswer
        public var atMs: Int64
    }

    private enum Settlement: Sendable, Equatable {
        case paid(reference: String, amountFen: Int64)
        case refused(reason: String)
        case processing(queriesLeft: Int, succeeds: Bool, amountFen: Int64)
    }

    private var script: [Behaviour] = []
    private var settlements: [String: Settlement] = [:]
    private var referenceCount = 0
    /// Money the biller took: payments it settled as paid.
    public private(set) var paidFen: Int64 = 0
    /// Payments it settled as paid (a repeated key counts once).
    public private(set) var paidCount = 0

    /// A biller that takes every payment unless scripted otherwise.
    public init() {}

    /// How the next new payment is treated.
    public mutating func enqueue(_ behaviour: Behaviour) {
        script.append(behaviour)
    }

    /// The holder and amount due of `account`: an account starting `000` does not exist; the amount is
    /// derived from the account's digits, so a run replays.
    public func lookUp(kind: BillerKind, account: String) -> BillLookup? {
        guard !account.hasPrefix("000") else { return nil }
        let digits = account.utf8.reduce(UInt64(7)) { $0 &* 31 &+ UInt64($1) }
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]
        let given = ["秀英", "建国", "桂兰", "明", "玉珍", "志强", "红梅", "德福"]
        let name = surnames[Int(digits % 8)] + given[Int(digits / 8 % 8)]
        switch kind {
        case .electricity: return BillLookup(holderName: name, dueFen: 2_000 + Int64(digits % 30_000), rule: .exact)
        case .water: return BillLookup(holderName: name, dueFen: 1_000 + Int64(digits % 8_000), rule: .atLeast)
        case .phoneCredit: return BillLookup(holderName: name, dueFen: 0, rule: .any)
        case .socialInsurance: return BillLookup(holderName: name, dueFen: 20_000, rule: .atLeast)
        }
    }

    /// A payment under `key`: the answers it gets (none when it or its answer is lost).
    public mutating func pay(key: String, amountFen: Int64, nowMs: Int64) -> [Reply] {
        if let settled = settlements[key] { return [Reply(answer: answer(settled), atMs: nowMs)] }
        let behaviour = script.isEmpty ? .succeed : script.removeFirst()
        switch behaviour {
        case .succeed:
            return [Reply(answer: answer(settle(key, amountFen: amountFen)), atMs: nowMs)]
        case .fail(let reason):
            settlements[key] = .refused(reason: reason)
            return [Reply(answer: .failed(reason: reason), atMs: nowMs)]
        case .pending(let queries, let succeeds):
            settlements[key] = .processing(queriesLeft: max(queries, 1), succeeds: succeeds, amountFen: amountFen)
            return [Reply(answer: .pending, atMs: nowMs)]
        case .loseRequest:
            return []
        case .loseAnswer:
            _ = settle(key, amountFen: amountFen)
            return []
        case .duplicateAnswer:
            let answer = answer(settle(key, amountFen: amountFen))
            return [Reply(answer: answer, atMs: nowMs), Reply(answer: answer, atMs: nowMs + 1_500)]
        case .lateAnswer(let delayMs):
            return [Reply(answer: answer(settle(key, amountFen: amountFen)), atMs: nowMs + delayMs)]
        }
    }

    /// What became of the payment under `key`; a payment being processed comes closer to settling.
    public mutating func query(key: String, nowMs: Int64) -> Reply {
        guard let settled = settlements[key] else { return Reply(answer: .unknown, atMs: nowMs) }
        if case .processing(let left, let succeeds, let amountFen) = settled {
            if left > 1 {
                settlements[key] = .processing(queriesLeft: left - 1, succeeds: succeeds, amountFen: amountFen)
                return Reply(answer: .pending, atMs: nowMs)
            }
            if succeeds { return Reply(answer: answer(settle(key, amountFen: amountFen)), atMs: nowMs) }
            settlements[key] = .refused(reason: "超时未到账")
        }
        return Reply(answer: answer(settlements[key]!), atMs: nowMs)
    }

    private mutating func settle(_ key: String, amountFen: Int64) -> Settlement {
        referenceCount += 1
        let settled = Settlement.paid(reference: "BL\(100_000 + referenceCount)", amountFen: amountFen)
        settlements[key] = settled
        paidFen += amountFen
        paidCount += 1
        return settled
    }

    private func answer(_ settlement: Settlement) -> BillerAnswer {
        switch settlement {
        case .paid(let reference, _): .succeeded(reference: reference)
        case .refused(let reason): .failed(reason: reason)
        case .processing: .pending
        }
    }
}
