import Dispatch
import Foundation
import KioskCore
import KioskEngine

/// What an acquirer's query says became of a charge.
public enum TradeState: Sendable, Equatable {
    /// Money taken (WeChat `SUCCESS`/`REFUND`, Alipay `TRADE_SUCCESS`/`TRADE_FINISHED`).
    case paid
    /// No money taken, and none will be (closed, reversed, failed, never reached the acquirer).
    case notPaid
    /// The customer has not confirmed on the phone yet (`USERPAYING`, `WAIT_BUYER_PAY`).
    case paying
}

/// What the first answer to a charge settled.
enum ChargeStart: Equatable {
    case approved
    case declined
    /// Waiting for the customer, a system error, no answer, or an answer that did not verify: the
    /// acquirer is asked what became of the charge.
    case unsettled
}

/// How long the acquirers' calls wait. A charge the customer must confirm on the phone (a password for a
/// larger sum) is polled every `intervalMs` until `limitMs` after it was sent; then the engine's own
/// timeout and query take over (``StationConfiguration/paymentTimeoutMs``, 30 s, is longer).
public struct AcquirerTiming: Sendable, Equatable {
    /// One HTTPS call's timeout.
    public var requestTimeoutMs: Int64
    /// Between two queries of a charge waiting for the customer.
    public var pollIntervalMs: Int64
    /// From sending a charge to giving it back unanswered.
    public var pollLimitMs: Int64

    public init(requestTimeoutMs: Int64, pollIntervalMs: Int64, pollLimitMs: Int64) {
        precondition(requestTimeoutMs > 0 && pollIntervalMs > 0 && pollLimitMs >= 0, "acquirer timing must be positive")
        self.requestTimeoutMs = requestTimeoutMs
        self.pollIntervalMs = pollIntervalMs
        self.pollLimitMs = pollLimitMs
    }

    /// 10 s per call; every 5 s up to 25 s for the customer to confirm.
    public static let standard = AcquirerTiming(requestTimeoutMs: 10_000, pollIntervalMs: 5_000, pollLimitMs: 25_000)
}

/// The passing of real time on the gateway worker's queue: polling waits there, never on the loop.
public protocol AcquirerClock: Sendable {
    /// A monotonic reading in milliseconds.
    func monotonicMs() -> Int64
    /// The wall clock in milliseconds since 1970 (Alipay's `timestamp`).
    func wallMs() -> Int64
    func pause(ms: Int64)
}

/// The system's clocks.
public struct SystemAcquirerClock: AcquirerClock {
    public init() {}

    public func monotonicMs() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    public func wallMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    public func pause(ms: Int64) {
        let done = DispatchSemaphore(value: 0)
        _ = done.wait(timeout: .now() + .milliseconds(Int(ms)))
    }
}

/// Turns a charge's first answer and the queries after it into the gateway port's reply.
struct ChargeSettler {
    let timing: AcquirerTiming
    let clock: any AcquirerClock

    /// Sends the charge with `start`; when that settles nothing, queries at once and then every poll
    /// interval until the limit. Paid → approved; not paid → declined; still open → no answer (the engine
    /// times the charge out and queries, and reverses a charge still open then).
    func charge(nowMs: Int64, start: () -> ChargeStart, query: () -> TradeState?) -> ChargeReply {
        let deadline = clock.monotonicMs() + timing.pollLimitMs
        switch start() {
        case .approved: return .answered(.approved, atMs: nowMs)
        case .declined: return .answered(.declined, atMs: nowMs)
        case .unsettled: break
        }
        while true {
            switch query() {
            case .paid: return .answered(.approved, atMs: nowMs)
            case .notPaid: return .answered(.declined, atMs: nowMs)
            case .paying, nil: break
            }
            let remaining = deadline - clock.monotonicMs()
            guard remaining > 0 else { return .noAnswer }
            clock.pause(ms: min(timing.pollIntervalMs, remaining))
        }
    }
}

/// The name a refund goes under at the acquirer: one refund per charge (a void refunds the whole order),
/// so the same charge's refund sent again is the same refund (WeChat `out_refund_no`, Alipay
/// `out_request_no`, both up to 64 characters).
func refundNumber(forTrade outTradeNo: String) -> String {
    outTradeNo + "_R"
}

/// The full digits of a live payment code: the adapters are its only readers outside the charge effect.
func authCode(_ code: PaymentCode) -> String {
    precondition(code.hasDigits, "a charge without the payment code's digits")
    return code.digits.text
}
