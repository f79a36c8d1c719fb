/// What the payee (the service that pays a farmer's account for the station) answered about a payout.
public enum PayeeAnswer: Sendable, Equatable {
    /// The money went to the farmer's account; the payee's reference for it.
    case paid(reference: String)
    /// The payee refused it (account closed, name does not match…): nothing was paid.
    case failed(reason: String)
    /// Being processed (处理中): ask again later.
    case pending
    /// The payee holds nothing under the key: the payout never reached it.
    case unknown
}

/// Where an account payout to a farmer stands.
///
/// sent → (pending) → paid | failed; an unknown answer sends it again under the same key.
public enum ProducePayoutPhase: UInt8, Sendable, Equatable, CaseIterable {
    /// Sent to the payee; no answer yet.
    case sent = 1
    /// The payee is processing it.
    case pending = 2
    /// The payee paid the farmer (final).
    case paid = 3
    /// The payee refused it, or never received it after ``ProducePayoutRules/maximumSends`` sends: the
    /// farmer is not paid, and the technician must settle with them (final).
    case failed = 4

    /// Whether the station waits on the payee.
    public var awaitsPayee: Bool { self == .sent || self == .pending }

    /// The stored name (`produce_payouts.state`).
    public var name: String {
        switch self {
        case .sent: "sent"
        case .pending: "pending"
        case .paid: "paid"
        case .failed: "failed"
        }
    }

    public init?(name: String) {
        guard let phase = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = phase
    }
}

/// One account payout as it stands: the lot it pays for, the key the payee knows it by, and what the
/// payee said.
public struct ProducePayoutState: Sendable, Equatable {
    public var lot: String
    /// The purchase's idempotency key (``ProducePurchase/idempotencyKey``): the payee pays a key once.
    public var key: String
    public var amountFen: Int64
    public var phase: ProducePayoutPhase
    /// The payee's reference for a payout it made.
    public var reference: String?
    /// Why it failed, when it did.
    public var failureReason: String?
    /// What a technician must look at (an answer contradicting a settled payout), nil when nothing.
    public var flag: String?
    /// How many times the payout was sent (always under the same key).
    public var sends: Int64
    /// When the payee last answered or was sent the payout.
    public var lastContactMs: Int64
    /// When it reached a final phase, 0 before.
    public var settledAtMs: Int64

    public init(lot: String, key: String, amountFen: Int64, phase: ProducePayoutPhase, reference: String? = nil,
                failureReason: String? = nil, flag: String? = nil, sends: Int64, lastContactMs: Int64, settledAtMs: Int64 = 0) {
        self.lot = lot
        self.key = key
        self.amountFen = amountFen
        self.phase = phase
        self.reference = reference
        self.failureReason = failureReason
        self.flag = flag
        self.sends = sends
        self.lastContactMs = lastContactMs
        self.settledAtMs = settledAtMs
    }

    /// The payout an account purchase starts: sent once, at the purchase.
    public init(sentFor purchase: ProducePurchase) {
        self.init(lot: purchase.lot, key: purchase.idempotencyKey, amountFen: purchase.amountFen, phase: .sent,
                  sends: 1, lastContactMs: purchase.recordedAtMs)
    }
}

/// Decides what a payee's answer does to a payout. Pure: the time is an input.
public enum ProducePayoutRules {
    /// A payout the payee says it never received is sent again (same key) at most this many times in
    /// all; then it fails, for the technician.
    public static let maximumSends: Int64 = 5

    /// What the answer changes.
    public enum Decision: Sendable, Equatable {
        /// Nothing (a repeated or late answer, or one for a payout already settled); why, for the log.
        case unchanged(String)
        /// Record the payout as it now is; `flagTechnician` when the answer needs a person.
        case record(ProducePayoutState, flagTechnician: Bool)
        /// Send the payout again under the same key, recorded as it now is.
        case resend(ProducePayoutState)
    }

    public static func decide(_ answer: PayeeAnswer, for payout: ProducePayoutState, atMs: Int64) -> Decision {
        var next = payout
        next.lastContactMs = atMs
        switch (payout.phase, answer) {
        case (.sent, .paid(let reference)), (.pending, .paid(let reference)):
            next.phase = .paid
            next.reference = reference
            next.settledAtMs = atMs
            return .record(next, flagTechnician: false)
        case (.sent, .failed(let reason)), (.pending, .failed(let reason)):
            next.phase = .failed
            next.failureReason = reason
            next.settledAtMs = atMs
            return .record(next, flagTechnician: true)
        case (.sent, .pending):
            next.phase = .pending
            return .record(next, flagTechnician: false)
        case (.pending, .pending):
            return .unchanged("still being processed")
        case (.sent, .unknown), (.pending, .unknown):
            guard payout.sends < maximumSends else {
                next.phase = .failed
                next.failureReason = "the payee never received it after \(payout.sends) sends"
                next.settledAtMs = atMs
                return .record(next, flagTechnician: true)
            }
            next.phase = .sent
            next.sends += 1
            return .resend(next)
        case (.paid, .paid(let reference)) where reference == payout.reference:
            return .unchanged("a repeated answer")
        case (.paid, .paid), (.paid, .failed):
            guard payout.flag == nil else { return .unchanged("already flagged") }
            next.flag = "the payee answered \(describe(answer)) for a payout it had paid as \(payout.reference ?? "?")"
            return .record(next, flagTechnician: true)
        case (.failed, .paid(let reference)):
            // The money reached the farmer after all: the books must say so, and a person must check the
            // farmer was not also paid by hand.
            next.phase = .paid
            next.reference = reference
            next.flag = "paid as \(reference) after it had failed (\(payout.failureReason ?? "")): check the farmer was not paid twice"
            return .record(next, flagTechnician: true)
        case (.paid, .pending), (.paid, .unknown), (.failed, .failed), (.failed, .pending), (.failed, .unknown):
            return .unchanged("the payout is settled")
        }
    }

    static func describe(_ answer: PayeeAnswer) -> String {
        switch answer {
        case .paid(let reference): "paid \(reference)"
        case .failed(let reason): "failed (\(reason))"
        case .pending: "pending"
        case .unknown: "unknown"
        }
    }
}
