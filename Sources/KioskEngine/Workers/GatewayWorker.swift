import Dispatch
import KioskCore

/// Carries payment work out through a gateway adapter and reports each answer back to the engine.
///
/// With ``Placement/inline`` (the simulation) it calls the adapter on the loop, which answers at once
/// with the simulated time its answer arrives; with ``Placement/offLoop(_:)`` (a station) every call runs
/// on the worker's own serial queue, so an acquirer that takes 10 s over poor 4G never delays a scan,
/// and the answer hops back onto the loop.
public final class GatewayWorker: EffectWorker, @unchecked Sendable {
    /// Where the adapter's calls run.
    public enum Placement {
        /// On the engine's loop, answering at once (deterministic simulation).
        case inline
        /// On the worker's queue; `hop` runs a closure on the engine's loop.
        case offLoop(LoopHop)
    }

    /// How long a failed query, reversal or refund waits before it is tried again.
    public static let retryDelayMs: Int64 = 10_000
    /// How often a payment QR that shows is polled (the providers ask for a few seconds between queries).
    public static let qrPollIntervalMs: Int64 = 3_000
    private let gateway: any PaymentGatewayPort
    private let placement: Placement
    /// What each charge is called at the acquirer.
    private let orderNumbers: MerchantOrderNumbers
    private let queue = DispatchQueue(label: "kiosk.gateway")

    public init(gateway: any PaymentGatewayPort, placement: Placement, orderNumbers: MerchantOrderNumbers) {
        self.gateway = gateway
        self.placement = placement
        self.orderNumbers = orderNumbers
    }

    public func start(_ work: WorkItem, nowMs: Int64, reports: any WorkReports) {
        placement.carry(on: queue, reports: reports) { self.carryOut(work, nowMs: nowMs) }
    }

    /// Calls the adapter for `work`; returns the inputs to report and when each is due.
    private func carryOut(_ work: WorkItem, nowMs: Int64) -> [(StationInput, Int64)] {
        let retry = [(StationInput.workFailed(work), nowMs + Self.retryDelayMs)]
        switch work {
        case .charge(let request):
            switch gateway.charge(key: orderNumbers.number(for: request.key), code: request.code, amountFen: request.amountFen,
                                  nowMs: nowMs) {
            case .answered(let answer, let atMs): return [(.action(.paymentAnswered(request.key, answer)), max(atMs, nowMs))]
            case .noAnswer: return []
            }
        case .query(let key, let outboxKey):
            guard let answer = gateway.query(key: orderNumbers.number(for: key), nowMs: nowMs) else { return retry }
            return [(.effectDone(outboxKey: outboxKey), nowMs), (.action(.paymentQueried(key, answer)), nowMs)]
        case .reverse(let key, let outboxKey):
            guard gateway.reverse(key: orderNumbers.number(for: key), nowMs: nowMs) else { return retry }
            return [(.effectDone(outboxKey: outboxKey), nowMs), (.action(.paymentReversed(key)), nowMs)]
        case .refund(let refund, let outboxKey):
            if let key = refund.paymentKey,
               !gateway.refund(key: orderNumbers.number(for: key), amountFen: refund.amountFen, nowMs: nowMs) {
                return retry
            }
            return [(.effectDone(outboxKey: outboxKey), nowMs)]
        case .presentQR(let request):
            let number = orderNumbers.number(for: request.key)
            switch gateway.presentQR(key: number, scheme: request.code.scheme, amountFen: request.amountFen, nowMs: nowMs) {
            case .shown(let text, let atMs)?: return [(.qrPresented(request.key, text: text), max(atMs, nowMs))]
            case .refused?: return [(.action(.paymentAnswered(request.key, .declined)), nowMs)]
            // Unreachable: the QR may exist at the provider, so it is closed and asked about like an error.
            case nil: return [(.action(.paymentAnswered(request.key, .error)), nowMs)]
            }
        case .pollQR(let key, let scheme):
            switch gateway.pollQR(key: orderNumbers.number(for: key), scheme: scheme, nowMs: nowMs) {
            case .paid?: return [(.action(.paymentAnswered(key, .approved)), nowMs)]
            case .closed?: return [(.action(.paymentAnswered(key, .declined)), nowMs)]
            case .waiting?, nil: return [(.qrPollDue(key), nowMs + Self.qrPollIntervalMs)]
            }
        case .closeQR(let key, let scheme, let outboxKey):
            let answer: PaymentQueryAnswer
            switch gateway.closeQR(key: orderNumbers.number(for: key), scheme: scheme, nowMs: nowMs) {
            case .paid?: answer = .paid
            case .closed?: answer = .notPaid
            case .waiting?, nil: return retry
            }
            return [(.effectDone(outboxKey: outboxKey), nowMs), (.action(.paymentQueried(key, answer)), nowMs)]
        case .openDrawer, .print, .sendMessage, .bill, .payout, .statementQuery:
            preconditionFailure("printer, message, bill, payout or statement work reached the gateway worker: \(work)")
        }
    }
}

/// Runs a closure on the engine's loop (a station's serial queue), with the loop's time in milliseconds,
/// and lets the engine handle what it reported.
public typealias LoopHop = @Sendable (@escaping @Sendable (Int64) -> Void) -> Void

/// A value handed across threads whose owner guarantees it is touched by one thread at a time (the
/// engine's loop, or the worker's queue while the loop does not hold it).
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value

    package init(_ value: Value) {
        self.value = value
    }
}

extension GatewayWorker.Placement {
    /// Runs `carryOut` where this placement puts a worker's calls and reports each input it returns: at
    /// once on the loop, or on `queue` with the inputs hopped back onto the loop (none due before the
    /// loop's own time), so a slow peer never holds up a scan.
    func carry(on queue: DispatchQueue, reports: any WorkReports,
               _ carryOut: @escaping @Sendable () -> [(StationInput, Int64)]) {
        switch self {
        case .inline:
            for (input, atMs) in carryOut() { reports.report(input, atMs: atMs) }
        case .offLoop(let hop):
            let sink = UncheckedSendable(reports)
            queue.async {
                let outcomes = UncheckedSendable(carryOut())
                hop { loopMs in
                    for (input, atMs) in outcomes.value { sink.value.report(input, atMs: max(atMs, loopMs)) }
                }
            }
        }
    }
}
