/// Capped exponential backoff with jitter: after the n-th failure in a row, a delay drawn between half
/// and all of `min(cap, base × 2ⁿ⁻¹)`. The jitter spreads a county's stations apart when the hub or the
/// 4G cell comes back, instead of all retrying on the same second.
public struct UplinkBackoff: Sendable, Equatable {
    public var baseMs: Int64
    public var capMs: Int64

    public init(baseMs: Int64 = 2_000, capMs: Int64 = 300_000) {
        precondition(baseMs > 0 && capMs >= baseMs, "a backoff grows from a positive base up to its cap")
        self.baseMs = baseMs
        self.capMs = capMs
    }

    /// The delay before the next attempt after `failures` failures in a row (at least 1).
    public func delayMs<Random: RandomNumberGenerator>(afterFailures failures: Int, using random: inout Random) -> Int64 {
        precondition(failures >= 1, "a backoff follows a failure")
        let doublings = min(failures - 1, 30)
        let ceiling = baseMs > capMs >> doublings ? capMs : min(capMs, baseMs << doublings)
        return ceiling / 2 + Int64.random(in: 0...(ceiling - ceiling / 2), using: &random)
    }
}

/// SplitMix64: the seeded random source the uplink draws its jitter from (seeded from the system's
/// random source at a station, from the run's seed in the fleet harness and tests).
public struct UplinkRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
