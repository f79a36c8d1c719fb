import KioskCore
import KioskEngine
import KioskSimulation

/// The payee of the simulation (pays farmers' accounts for produce bought), behind the same port as a real one.
public final class SimulatedPayeePort: PayeePort {
    public private(set) var payee: SimulatedPayee
    /// Set by a fault: the payee cannot be reached (payouts and queries go unanswered).
    public var isUnreachable = false

    public init(payee: SimulatedPayee = SimulatedPayee()) {
        self.payee = payee
    }

    /// How the payee treats the next new payout.
    public func enqueue(_ behaviour: SimulatedPayee.Behaviour) {
        payee.enqueue(behaviour)
    }

    public func pay(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply] {
        guard !isUnreachable else { return [] }
        return payee.pay(key: payment.key, amountFen: payment.amountFen, nowMs: nowMs).map { PayeeReply($0.0, atMs: $0.1) }
    }

    public func query(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply] {
        guard !isUnreachable else { return [] }
        return [PayeeReply(payee.query(key: payment.key, nowMs: nowMs), atMs: nowMs)]
    }
}
