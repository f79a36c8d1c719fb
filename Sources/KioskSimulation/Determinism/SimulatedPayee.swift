import KioskCore

/// The service that pays farmers' accounts, in memory, answer by answer from a script (a test's steps, a
/// generated day's seeded faults), behaving like a real one where it matters: a payout's key is
/// remembered, so one sent again is never paid twice; one being processed settles after a few queries;
/// answers can be late, repeated or lost.
public struct SimulatedPayee: Sendable {
    /// How the payee treats the next new payout.
    public enum Behaviour: Sendable, Equatable {
        /// Pays it and answers at once.
        case pay
        /// Refuses it (the farmer's account is closed…).
        case fail(reason: String)
        /// Answers 处理中, and settles as paid after `queries` queries.
        case pending(queries: Int)
        /// The payout never arrives: no answer, and a query finds nothing.
        case loseRequest
        /// Pays it, but its answer is lost: a query finds it paid.
        case loseAnswer
        /// Pays it and answers twice.
        case duplicateAnswer
        /// Pays it and answers `delayMs` later.
        case lateAnswer(delayMs: Int64)
    }

    private enum Settlement: Sendable, Equatable {
        case paid(reference: String)
        case refused(reason: String)
        case processing(queriesLeft: Int, amountFen: Int64)
    }

    private var script: [Behaviour] = []
    private var settlements: [String: Settlement] = [:]
    private var referenceCount = 0
    /// Money paid to farmers (a repeated key counts once).
    public private(set) var paidFen: Int64 = 0
    /// Payouts paid (a repeated key counts once).
    public private(set) var paidCount = 0
    /// Payout requests that reached the payee, repeats included.
    public private(set) var requestsReceived = 0

    /// A payee that pays every payout unless scripted otherwise.
    public init() {}

    /// How the next new payout is treated.
    public mutating func enqueue(_ behaviour: Behaviour) {
        script.append(behaviour)
    }

    /// A payout under `key`: the answers it gets (none when it or its answer is lost).
    public mutating func pay(key: String, amountFen: Int64, nowMs: Int64) -> [(PayeeAnswer, Int64)] {
        if let settled = settlements[key] {
            requestsReceived += 1
            return [(answer(settled), nowMs)]
        }
        let behaviour = script.isEmpty ? .pay : script.removeFirst()
        if behaviour != .loseRequest { requestsReceived += 1 }
        switch behaviour {
        case .pay:
            return [(answer(settle(key, amountFen: amountFen)), nowMs)]
        case .fail(let reason):
            settlements[key] = .refused(reason: reason)
            return [(.failed(reason: reason), nowMs)]
        case .pending(let queries):
            settlements[key] = .processing(queriesLeft: max(queries, 1), amountFen: amountFen)
            return [(.pending, nowMs)]
        case .loseRequest:
            return []
        case .loseAnswer:
            _ = settle(key, amountFen: amountFen)
            return []
        case .duplicateAnswer:
            let answer = answer(settle(key, amountFen: amountFen))
            return [(answer, nowMs), (answer, nowMs + 1_500)]
        case .lateAnswer(let delayMs):
            return [(answer(settle(key, amountFen: amountFen)), nowMs + delayMs)]
        }
    }

    /// What became of the payout under `key`; one being processed comes closer to settling.
    public mutating func query(key: String, nowMs: Int64) -> PayeeAnswer {
        guard let settled = settlements[key] else { return .unknown }
        if case .processing(let left, let amountFen) = settled {
            if left > 1 {
                settlements[key] = .processing(queriesLeft: left - 1, amountFen: amountFen)
                return .pending
            }
            return answer(settle(key, amountFen: amountFen))
        }
        return answer(settled)
    }

    private mutating func settle(_ key: String, amountFen: Int64) -> Settlement {
        referenceCount += 1
        let settled = Settlement.paid(reference: "PO\(100_000 + referenceCount)")
        settlements[key] = settled
        paidFen += amountFen
        paidCount += 1
        return settled
    }

    private func answer(_ settlement: Settlement) -> PayeeAnswer {
        switch settlement {
        case .paid(let reference): .paid(reference: reference)
        case .refused(let reason): .failed(reason: reason)
        case .processing: .pending
        }
    }
}
