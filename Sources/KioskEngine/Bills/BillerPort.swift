import Dispatch
import KioskCore

/// A payment to a biller as the agent service is sent it: the bill's key (the biller drops a repeated
/// payment under it), whom to pay, for which account, how much.
public struct BillerPayment: Sendable, Equatable {
    public var billID: Int64
    /// The idempotency key (``KioskCore/Bill/idempotencyKey(stationID:)``).
    public var key: String
    public var billerCode: String
    public var account: String
    public var amountFen: Int64

    public init(billID: Int64, key: String, billerCode: String, account: String, amountFen: Int64) {
        self.billID = billID
        self.key = key
        self.billerCode = billerCode
        self.account = account
        self.amountFen = amountFen
    }
}

/// What the bills service asks the agent service.
public enum BillerRequest: Sendable, Equatable {
    /// Who holds `account` at biller `billerCode`, and what is due.
    case lookUp(billerCode: String, account: String)
    /// Pay the bill (committed as outbox row `outboxKey` first).
    case pay(BillerPayment, outboxKey: String)
    /// What became of the payment.
    case query(BillerPayment, outboxKey: String)
}

/// What the bills service hears back, through the engine's inbox.
public enum BillInput: Sendable, Equatable {
    /// A counter order holding a bill changed (paid, cancelled): the bills service looks at it.
    case counterOrderChanged(orderID: Int64)
    /// The agent service's answer to a lookup: nil when the biller has no such account (or did not answer).
    case lookedUp(billerCode: String, account: String, BillLookup?)
    /// The biller's answer to a payment or a query of bill `billID`.
    case answered(billID: Int64, BillerAnswer)
    /// Queries may be due.
    case queriesDue
}

/// One answer of a biller, and when it reaches the station.
public struct BillerReply: Sendable, Equatable {
    public var answer: BillerAnswer
    public var atMs: Int64

    public init(_ answer: BillerAnswer, atMs: Int64) {
        self.answer = answer
        self.atMs = atMs
    }
}

/// An agent service that pays billers (the simulated one, or HTTP + JSON to a real one), called by a
/// ``BillerWorker``, never by the engine. Payments carry their idempotency key: a repeated one never pays twice.
public protocol BillerPort: AnyObject {
    /// The account's holder and amount due; nil when there is no such account or no answer.
    func lookUp(billerCode: String, account: String, nowMs: Int64) -> BillLookup?
    /// Sends the payment; the answers that come back (none when it or its answer was lost; a biller may
    /// answer twice, or late).
    func pay(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply]
    /// Asks what became of the payment; none when the service cannot be reached.
    func query(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply]
}

/// Carries bill requests out through a ``BillerPort`` and reports the answers to the engine: inline on the
/// loop (the simulation, answering at once with simulated times) or on its own queue (a station), so a
/// slow agent service never delays a scan.
public final class BillerWorker: EffectWorker, @unchecked Sendable {
    private let port: any BillerPort
    private let placement: GatewayWorker.Placement
    private let queue = DispatchQueue(label: "kiosk.biller")

    public init(port: any BillerPort, placement: GatewayWorker.Placement) {
        self.port = port
        self.placement = placement
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        guard case .bill(let request) = work else { preconditionFailure("counter work reached the biller worker: \(work)") }
        placement.carry(on: queue, reports: reports) { self.carryOut(request, nowMs: nowMs) }
    }

    /// Calls the port; the inputs to report and when each is due. A request the service answered is done
    /// (its outbox row is marked with the next commit); one it did not is left to the bill's query schedule.
    private func carryOut(_ request: BillerRequest, nowMs: Int64) -> [(StationInput, Int64)] {
        switch request {
        case .lookUp(let billerCode, let account):
            let lookup = port.lookUp(billerCode: billerCode, account: account, nowMs: nowMs)
            return [(.bill(.lookedUp(billerCode: billerCode, account: account, lookup)), nowMs)]
        case .pay(let payment, let outboxKey):
            return reports(port.pay(payment, nowMs: nowMs), payment: payment, outboxKey: outboxKey, nowMs: nowMs)
        case .query(let payment, let outboxKey):
            return reports(port.query(payment, nowMs: nowMs), payment: payment, outboxKey: outboxKey, nowMs: nowMs)
        }
    }

    private func reports(_ replies: [BillerReply], payment: BillerPayment, outboxKey: String,
                         nowMs: Int64) -> [(StationInput, Int64)] {
        guard let first = replies.first else { return [] }
        var inputs: [(StationInput, Int64)] = [(.effectDone(outboxKey: outboxKey), max(first.atMs, nowMs))]
        for reply in replies {
            inputs.append((.bill(.answered(billID: payment.billID, reply.answer)), max(reply.atMs, nowMs)))
        }
        return inputs
    }
}
