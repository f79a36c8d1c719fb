/// A payment gateway in memory, scripted answer by answer, that behaves like a real one where it
/// matters: the idempotency key of a charge is remembered, so a repeated request never charges
/// twice; charges can be queried and reversed.
public struct SimulatedPaymentGateway: Sendable {
    /// What the kiosk hears back from a charge request.
    public enum Reply: Sendable, Equatable {
        case approved(transactionID: String)
        case declined
        /// A system error; nothing was charged.
        case error
        /// No answer at all (the charge did go through).
        case noAnswer
    }

    /// A reply and the simulated time it arrives (nil for `.noAnswer`).
    public struct Response: Sendable, Equatable {
        public var reply: Reply
        public var arrivesAtMs: Int64?

        public init(reply: Reply, arrivesAtMs: Int64?) {
            self.reply = reply
            self.arrivesAtMs = arrivesAtMs
        }
    }

    /// What a query says about a key.
    public enum QueryAnswer: Sendable, Equatable {
        case paid(amountFen: Int64, transactionID: String)
        /// Declined, failed, reversed, or never seen.
        case notPaid
    }

    /// What a reversal did.
    public enum ReversalResult: Sendable, Equatable {
        case refunded(amountFen: Int64)
        /// Nothing was charged under this key (or it was already reversed).
        case nothingToReverse
    }

    private enum Settlement: Sendable, Equatable {
        case charged(amountFen: Int64, transactionID: String)
        case declined
        case failed
        case reversed(amountFen: Int64, transactionID: String)
    }

    private var script: [GatewayAnswer] = []
    private var settlements: [String: Settlement] = [:]
    private var transactionCount = 0

    /// The answer used when the script is empty.
    public var defaultAnswer: GatewayAnswer
    /// Money held by the gateway: charges minus refunds.
    public private(set) var balanceFen: Int64 = 0
    /// Charges that moved money (a repeated key is not counted again).
    public private(set) var chargeCount = 0

    /// A gateway that approves at once unless scripted otherwise.
    public init(defaultAnswer: GatewayAnswer = GatewayAnswer(.approve)) {
        self.defaultAnswer = defaultAnswer
    }

    /// Queues the answer to the next charge with a new key.
    public mutating func enqueue(_ answer: GatewayAnswer) {
        script.append(answer)
    }

    /// Answers still queued.
    public var scriptedAnswersLeft: Int { script.count }

    /// Charges `amountFen` under `key` at simulated time `nowMs`. A key seen before is answered
    /// from its first request's settlement (a timed-out charge answers approved on retry) and
    /// consumes no scripted answer.
    public mutating func charge(key: String, amountFen: Int64, nowMs: Int64) -> Response {
        if let settled = settlements[key] {
            return Response(reply: Self.reply(for: settled), arrivesAtMs: nowMs)
        }
        let answer = script.isEmpty ? defaultAnswer : script.removeFirst()
        let settlement: Settlement
        switch answer.outcome {
        case .approve, .timeout:
            transactionCount += 1
            settlement = .charged(amountFen: amountFen, transactionID: "SIM\(transactionCount)")
            balanceFen += amountFen
            chargeCount += 1
        case .decline:
            settlement = .declined
        case .error:
            settlement = .failed
        }
        settlements[key] = settlement
        if answer.outcome == .timeout {
            return Response(reply: .noAnswer, arrivesAtMs: nil)
        }
        return Response(reply: Self.reply(for: settlement), arrivesAtMs: nowMs + answer.afterMs)
    }

    /// Whether the charge under `key` went through and still stands.
    public func query(key: String) -> QueryAnswer {
        if case .charged(let amount, let transaction) = settlements[key] {
            return .paid(amountFen: amount, transactionID: transaction)
        }
        return .notPaid
    }

    /// Refunds the charge under `key`; repeating it refunds nothing more.
    public mutating func reverse(key: String) -> ReversalResult {
        guard case .charged(let amount, let transaction) = settlements[key] else {
            return .nothingToReverse
        }
        settlements[key] = .reversed(amountFen: amount, transactionID: transaction)
        balanceFen -= amount
        return .refunded(amountFen: amount)
    }

    private static func reply(for settlement: Settlement) -> Reply {
        switch settlement {
        case .charged(_, let transaction): .approved(transactionID: transaction)
        case .declined, .reversed: .declined
        case .failed: .error
        }
    }
}
