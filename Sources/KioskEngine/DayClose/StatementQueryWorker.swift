import Dispatch
import KioskCore

/// A payment a provider's statement disagrees on, as the acquirer is asked about it: the mismatch's
/// journal entry (where the answer is recorded), whose acquirer, and the merchant order number.
public struct StatementQuery: Sendable, Hashable {
    public var mismatchSequence: Int64
    public var provider: ProviderStatement.Provider
    public var merchantOrderNo: String

    public init(mismatchSequence: Int64, provider: ProviderStatement.Provider, merchantOrderNo: String) {
        self.mismatchSequence = mismatchSequence
        self.provider = provider
        self.merchantOrderNo = merchantOrderNo
    }
}

/// What the day's close hears back, through the engine's inbox.
public enum DayInput: Sendable, Equatable {
    /// The acquirer's answer about a statement mismatch (or why it could not be asked).
    case mismatchAnswered(StatementQuery, MismatchAnswer)
}

/// Asks an acquirer what became of a payment, by the merchant order number it was charged under (WeChat
/// Pay's orderquery, Alipay's trade.query): the real adapters implement it, and the simulated gateway.
/// Called by a ``StatementQueryWorker``, never on the engine's loop.
public protocol StatementMismatchQueries: AnyObject {
    /// The providers whose payments it can be asked about.
    var statementProviders: Set<ProviderStatement.Provider> { get }
    /// What `provider` holds under `merchantOrderNo`; nil when it did not answer.
    func queryMismatch(merchantOrderNo: String, provider: ProviderStatement.Provider) -> PaymentQueryAnswer?
}

/// Carries statement queries out through the station's acquirers and reports each answer to the engine:
/// inline on the loop (the simulation) or on its own queue (a station), so an acquirer that takes 10 s
/// over poor 4G never delays a scan. A provider with no acquirer here is answered ``KioskCore/MismatchAnswer/noAcquirer``.
public final class StatementQueryWorker: EffectWorker, @unchecked Sendable {
    private let acquirer: any StatementMismatchQueries
    private let placement: GatewayWorker.Placement
    private let queue = DispatchQueue(label: "kiosk.statement-queries")

    public init(acquirer: any StatementMismatchQueries, placement: GatewayWorker.Placement) {
        self.acquirer = acquirer
        self.placement = placement
    }

    /// A worker for `gateway` when it can answer statement queries (a real acquirer, the simulated
    /// gateway); nil otherwise.
    public static func answering(_ gateway: (any PaymentGatewayPort)?, placement: GatewayWorker.Placement) -> StatementQueryWorker? {
        (gateway as? any StatementMismatchQueries).map { StatementQueryWorker(acquirer: $0, placement: placement) }
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        guard case .statementQuery(let query) = work else {
            preconditionFailure("counter work reached the statement query worker: \(work)")
        }
        guard acquirer.statementProviders.contains(query.provider) else {
            reports.report(.day(.mismatchAnswered(query, .noAcquirer)), atMs: nowMs)
            return
        }
        switch placement {
        case .inline:
            reports.report(.day(.mismatchAnswered(query, Self.ask(acquirer, query))), atMs: nowMs)
        case .offLoop(let hop):
            let sink = UncheckedSendable(reports)
            let asked = UncheckedSendable(acquirer)
            queue.async {
                let answer = Self.ask(asked.value, query)
                hop { loopMs in sink.value.report(.day(.mismatchAnswered(query, answer)), atMs: loopMs) }
            }
        }
    }

    private static func ask(_ acquirer: any StatementMismatchQueries, _ query: StatementQuery) -> MismatchAnswer {
        acquirer.queryMismatch(merchantOrderNo: query.merchantOrderNo, provider: query.provider).map(MismatchAnswer.init)
            ?? .unreachable
    }
}
