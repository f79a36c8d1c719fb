import KioskCore
import KioskEngine
import KioskSimulation

/// The billers' agent service of the simulation, behind the same port as a real one.
public final class SimulatedBillerPort: BillerPort {
    public private(set) var biller: SimulatedBiller
    private var kinds: [String: BillerKind]
    /// Set by a fault: the agent service cannot be reached (lookups, payments and queries go unanswered).
    public var isUnreachable = false

    public init(billers: [Biller], biller: SimulatedBiller = SimulatedBiller()) {
        self.biller = biller
        self.kinds = Dictionary(billers.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
    }

    /// Answers lookups for `billers` too (a county's biller list applied at the station); the billers
    /// known before stay known.
    public func know(_ billers: [Biller]) {
        for biller in billers { kinds[biller.code] = biller.kind }
    }

    /// How the biller treats the next new payment.
    public func enqueue(_ behaviour: SimulatedBiller.Behaviour) {
        biller.enqueue(behaviour)
    }

    public func lookUp(billerCode: String, account: String, nowMs: Int64) -> BillLookup? {
        guard !isUnreachable, let kind = kinds[billerCode] else { return nil }
        return biller.lookUp(kind: kind, account: account)
    }

    public func pay(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply] {
        guard !isUnreachable else { return [] }
        return biller.pay(key: payment.key, amountFen: payment.amountFen, nowMs: nowMs).map { BillerReply($0.answer, atMs: $0.atMs) }
    }

    public func query(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply] {
        guard !isUnreachable else { return [] }
        let reply = biller.query(key: payment.key, nowMs: nowMs)
        return [BillerReply(reply.answer, atMs: reply.atMs)]
    }
}
