/// A payment gateway in memory, scripted answer by answer, that behaves like a real one where it
/// matters: the idempotency key of a charge is remembered, so a repeated request never charges
/// twice; charges can be queried and reversed.
///
/// A simulated station runs for months, so with an ``archive`` (the gateway's ledger file) the gateway
/// keeps only the newest ``keptSettlements`` keys in memory and a fixed-size filter of every key it
/// settled; a key the filter may have seen and memory no longer holds is looked up in the archive.
/// Without an archive every key stays in memory.
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

        init(_ archived: ArchivedCharge) {
            let transactionID = "SIM\(archived.transactionNumber ?? 0)"
            switch archived.outcome {
            case .approve, .timeout:
                self = archived.reversed
                    ? .reversed(amountFen: archived.amountFen, transactionID: transactionID)
                    : .charged(amountFen: archived.amountFen, transactionID: transactionID)
            case .decline: self = .declined
            case .error: self = .failed
            }
        }
    }

    /// Keys kept in memory when the gateway has an archive: enough for every payment a station can
    /// have pending and for the refunds of the day, a few hundred kilobytes at most.
    public static let keptSettlements = 1024

    private var script: [GatewayAnswer] = []
    private var settlements: [String: Settlement] = [:]
    /// Keys in `settlements`, oldest first from `oldestKept`: the next to forget when it is full.
    private var keptKeys: [String] = []
    private var oldestKept = 0
    private var settledKeys = KeyFilter()
    private var transactionCount = 0

    /// Where settlements no longer kept in memory are found: set it before the first charge.
    public var archive: (any GatewaySettlementArchive)?
    /// Keys whose settlement is held in memory (at most ``keptSettlements`` with an archive).
    public var keysInMemory: Int { settlements.count }

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

    /// The next scripted answer (or the default one), taken from the script: how the customer handles a
    /// payment QR (扫码付) — scans and pays it `afterMs` later, or (decline) never does.
    public mutating func takeAnswer() -> GatewayAnswer {
        script.isEmpty ? defaultAnswer : script.removeFirst()
    }

    /// Answers still queued.
    public var scriptedAnswersLeft: Int { script.count }

    /// Charges `amountFen` under `key` at simulated time `nowMs`. A key seen before is answered
    /// from its first request's settlement (a timed-out charge answers approved on retry) and
    /// consumes no scripted answer.
    public mutating func charge(key: String, amountFen: Int64, nowMs: Int64) -> Response {
        if let settled = settlement(of: key) {
            return Response(reply: Self.reply(for: settled), arrivesAtMs: nowMs)
        }
        let answer = script.isEmpty ? defaultAnswer : script.removeFirst()
        let settlement = settleNew(key: key, amountFen: amountFen, outcome: answer.outcome)
        if answer.outcome == .timeout {
            return Response(reply: .noAnswer, arrivesAtMs: nil)
        }
        return Response(reply: Self.reply(for: settlement), arrivesAtMs: nowMs + answer.afterMs)
    }

    /// Settles a charge under `key` as the gateway's ledger recorded it, when the gateway is built
    /// again from its ledger: no scripted answer is used, and the key is taken as new.
    public mutating func replayCharge(key: String, amountFen: Int64, outcome: GatewayAnswer.Outcome) {
        _ = settleNew(key: key, amountFen: amountFen, outcome: outcome)
    }

    /// Reverses the charge under `key` as the gateway's ledger recorded it (see ``replayCharge``). A
    /// charge already forgotten is known from the archive, which already holds this reversal.
    public mutating func replayReversal(key: String) {
        if case .charged = settlements[key] {
            _ = reverse(key: key)
        } else if settlements[key] == nil, case .reversed(let amount, let transaction)? = lookUp(key) {
            keep(.reversed(amountFen: amount, transactionID: transaction), for: key)
            balanceFen -= amount
        }
    }

    private mutating func settleNew(key: String, amountFen: Int64, outcome: GatewayAnswer.Outcome) -> Settlement {
        let settlement: Settlement
        switch outcome {
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
        settledKeys.insert(key)
        keep(settlement, for: key)
        return settlement
    }

    /// Whether a charge under `key` was ever settled (a repeated charge would be answered from it).
    public func hasSettled(key: String) -> Bool {
        lookUp(key) != nil
    }

    /// Whether the charge under `key` went through and still stands.
    public func query(key: String) -> QueryAnswer {
        if case .charged(let amount, let transaction) = lookUp(key) {
            return .paid(amountFen: amount, transactionID: transaction)
        }
        return .notPaid
    }

    /// Refunds the charge under `key`; repeating it refunds nothing more.
    public mutating func reverse(key: String) -> ReversalResult {
        guard case .charged(let amount, let transaction) = settlement(of: key) else {
            return .nothingToReverse
        }
        keep(.reversed(amountFen: amount, transactionID: transaction), for: key)
        balanceFen -= amount
        return .refunded(amountFen: amount)
    }

    /// The settlement of `key`, from memory or else the archive.
    private func lookUp(_ key: String) -> Settlement? {
        if let kept = settlements[key] { return kept }
        guard settledKeys.mayContain(key), let archived = archive?.charge(key: key) else { return nil }
        return Settlement(archived)
    }

    /// The settlement of `key`, brought back into memory when it came from the archive.
    private mutating func settlement(of key: String) -> Settlement? {
        if let kept = settlements[key] { return kept }
        guard let archived = lookUp(key) else { return nil }
        keep(archived, for: key)
        return archived
    }

    /// Holds `settlement` in memory; with an archive, the oldest key is forgotten once
    /// ``keptSettlements`` are held (the archive has it).
    private mutating func keep(_ settlement: Settlement, for key: String) {
        if settlements.updateValue(settlement, forKey: key) != nil { return }
        guard archive != nil else { return }
        if keptKeys.count < Self.keptSettlements {
            keptKeys.append(key)
        } else {
            settlements[keptKeys[oldestKept]] = nil
            keptKeys[oldestKept] = key
            oldestKept = (oldestKept + 1) % Self.keptSettlements
        }
        assert(settlements.count <= Self.keptSettlements)
    }

    private static func reply(for settlement: Settlement) -> Reply {
        switch settlement {
        case .charged(_, let transaction): .approved(transactionID: transaction)
        case .declined, .reversed: .declined
        case .failed: .error
        }
    }
}

/// A charge as a gateway's archive gives it back.
public struct ArchivedCharge: Sendable, Equatable {
    public var amountFen: Int64
    public var outcome: GatewayAnswer.Outcome
    /// Its number among the charges that took money (its transaction is `SIM<number>`); nil when none was taken.
    public var transactionNumber: Int?
    /// Whether the money was given back.
    public var reversed: Bool

    public init(amountFen: Int64, outcome: GatewayAnswer.Outcome, transactionNumber: Int?, reversed: Bool) {
        self.amountFen = amountFen
        self.outcome = outcome
        self.transactionNumber = transactionNumber
        self.reversed = reversed
    }
}

/// Where a ``SimulatedPaymentGateway`` finds the settlements it no longer keeps in memory.
public protocol GatewaySettlementArchive: Sendable {
    /// The charge settled under `key` and whether it was reversed; nil when the key was never charged.
    func charge(key: String) -> ArchivedCharge?
}

/// A fixed-size Bloom filter of keys (128 KiB): "no" means the key was never inserted; "maybe" is
/// wrong about one time in a hundred only after some 100,000 keys.
struct KeyFilter: Sendable {
    private static let wordCount = 16_384
    private static let probes: UInt64 = 4
    private var words = [UInt64](repeating: 0, count: KeyFilter.wordCount)

    mutating func insert(_ key: String) {
        let (first, second) = Self.hashes(of: key)
        for probe in 0 ..< Self.probes {
            let bit = Self.bit(first, second, probe)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    func mayContain(_ key: String) -> Bool {
        let (first, second) = Self.hashes(of: key)
        for probe in 0 ..< Self.probes {
            let bit = Self.bit(first, second, probe)
            if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// FNV-1a of the key and a second hash mixed from it: stable across runs, unlike `Hasher`.
    private static func hashes(of key: String) -> (UInt64, UInt64) {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return (first, (first ^ (first >> 29)) &* 0xBF58_476D_1CE4_E5B9 | 1)
    }

    /// Probe `probe`'s bit (Kirsch–Mitzenmacher: k hashes from two).
    private static func bit(_ first: UInt64, _ second: UInt64, _ probe: UInt64) -> Int {
        Int((first &+ probe &* second) % UInt64(wordCount * 64))
    }
}
