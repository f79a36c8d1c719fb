/// How failed logins slow down and then lock an account.
///
/// The first ``freeFailures`` failures cost nothing; each later one makes the terminal wait, doubling from
/// ``firstDelay_ms`` up to ``maxDelay_ms``; the ``lockoutFailures``-th locks the account for ``lockout_ms``,
/// persisted so a reboot does not lift it.
public struct LoginPolicy: Sendable, Equatable {
    public var freeFailures: Int
    public var lockoutFailures: Int
    public var firstDelay_ms: Int64
    public var lockout_ms: Int64
    /// The longest single wait: a session thread is never held longer than this.
    public var maxDelay_ms: Int64

    public init(
        freeFailures: Int = 3, lockoutFailures: Int = 5, firstDelay_ms: Int64 = 1_000, lockout_ms: Int64 = 900_000,
        maxDelay_ms: Int64 = 30_000
    ) {
        self.freeFailures = freeFailures
        self.lockoutFailures = lockoutFailures
        self.firstDelay_ms = firstDelay_ms
        self.lockout_ms = lockout_ms
        self.maxDelay_ms = maxDelay_ms
    }

    /// The wait imposed after the `failures`-th consecutive failure.
    public func delay_ms(afterFailures failures: Int) -> Int64 {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 20)
        return min(firstDelay_ms << Int64(doublings), maxDelay_ms)
    }

    /// Whether the `failures`-th consecutive failure locks the account.
    public func locks(afterFailures failures: Int) -> Bool {
        failures >= lockoutFailures
    }
}
