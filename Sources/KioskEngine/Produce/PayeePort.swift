import Dispatch
import KioskCore

/// A payout to a farmer's account as the payee is sent it: the key it pays once, the lot it is for, the
/// farmer as the station knows them, the account it goes to, how much.
public struct FarmerPayment: Sendable, Equatable, CustomStringConvertible {
    /// The purchase's idempotency key (``KioskCore/ProducePurchase/idempotencyKey``).
    public var key: String
    public var lot: String
    /// The farmer's name as registered: a real payee checks it against the account's holder.
    public var farmerName: String
    public var maskedPhone: String
    /// The account the farmer gave; nil when the payee holds the farmer's account itself (the simulation's).
    public var account: PayeeAccount?
    public var amountFen: Int64

    public init(key: String, lot: String, farmerName: String, maskedPhone: String, account: PayeeAccount? = nil,
                amountFen: Int64) {
        self.key = key
        self.lot = lot
        self.farmerName = farmerName
        self.maskedPhone = maskedPhone
        self.account = account
        self.amountFen = amountFen
    }

    /// The payout with the account masked: what a log line or a failure may show.
    public var description: String {
        "payout \(key) lot \(lot) \(Money.formatWithSign(fen: amountFen)) to \(account?.masked ?? maskedPhone)"
    }
}

/// What the produce desk asks the payee.
public enum PayeeRequest: Sendable, Equatable {
    /// Pay the farmer (committed as outbox row `outboxKey` first).
    case pay(FarmerPayment, outboxKey: String)
    /// What became of the payout.
    case query(FarmerPayment)
}

/// What the produce desk hears back, through the engine's inbox.
public enum ProducePayoutInput: Sendable, Equatable {
    /// The payee's answer about the payout of `lot`.
    case answered(lot: String, PayeeAnswer)
    /// Queries of payouts the payee has not settled may be due.
    case queriesDue
}

/// One answer of the payee, and when it reaches the station.
public struct PayeeReply: Sendable, Equatable {
    public var answer: PayeeAnswer
    public var atMs: Int64

    public init(_ answer: PayeeAnswer, atMs: Int64) {
        self.answer = answer
        self.atMs = atMs
    }
}

/// The service that pays farmers' accounts for the station (the simulated one, or a real one), called by
/// a ``PayeeWorker``, never by the engine. A payout carries its idempotency key: one sent again is never
/// paid twice.
public protocol PayeePort: AnyObject {
    /// Sends the payout; the answers that come back (none when it or its answer was lost; a payee may
    /// answer twice, or late).
    func pay(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply]
    /// Asks what became of the payout; none when the payee cannot be reached.
    func query(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply]
}

/// Carries payouts out through a ``PayeePort`` and reports the answers to the engine: inline on the loop
/// (the simulation) or on its own queue (a station), so a slow payee never delays a scan.
public final class PayeeWorker: EffectWorker, @unchecked Sendable {
    private let port: any PayeePort
    private let placement: GatewayWorker.Placement
    private let queue = DispatchQueue(label: "kiosk.payee")

    public init(port: any PayeePort, placement: GatewayWorker.Placement) {
        self.port = port
        self.placement = placement
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        guard case .payout(let request) = work else { preconditionFailure("other work reached the payee worker: \(work)") }
        placement.carry(on: queue, reports: reports) { self.carryOut(request, nowMs: nowMs) }
    }

    /// Calls the port; the inputs to report and when each is due. A payout the payee answered is done (its
    /// outbox row is marked with the next commit); one it did not is left to the desk's query schedule.
    private func carryOut(_ request: PayeeRequest, nowMs: Int64) -> [(StationInput, Int64)] {
        let replies: [PayeeReply]
        var inputs: [(StationInput, Int64)] = []
        switch request {
        case .pay(let payment, let outboxKey):
            replies = port.pay(payment, nowMs: nowMs)
            if let first = replies.first { inputs.append((.effectDone(outboxKey: outboxKey), max(first.atMs, nowMs))) }
        case .query(let payment):
            replies = port.query(payment, nowMs: nowMs)
        }
        let lot = switch request {
        case .pay(let payment, _), .query(let payment): payment.lot
        }
        for reply in replies {
            inputs.append((.payout(.answered(lot: lot, reply.answer)), max(reply.atMs, nowMs)))
        }
        return inputs
    }
}
