import KioskCore

/// xoshiro256** (Blackman, Vigna 2018): the simulation's random numbers. The same seed gives the
/// same sequence on every machine and every run, so any simulated failure replays from `--seed`.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// State expanded from `seed` with SplitMix64, as the authors recommend (never all zero).
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        state = (expander.next(), expander.next(), expander.next(), expander.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    private func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
