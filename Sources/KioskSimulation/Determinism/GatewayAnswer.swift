/// How the simulated payment gateway will answer one charge request, and after how long.
public struct GatewayAnswer: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Charged; the approval arrives after the delay.
        case approve
        /// Refused (insufficient funds, expired code): not charged.
        case decline
        /// Charged, but the answer never arrives: only a query tells the kiosk it was paid.
        case timeout
        /// A system error before charging: not charged, and the answer says so only as "error".
        case error
    }

    public var outcome: Outcome
    /// Simulated milliseconds between the request and the answer.
    public var afterMs: Int64

    public init(_ outcome: Outcome, afterMs: Int64 = 0) {
        self.outcome = outcome
        self.afterMs = afterMs
    }
}
