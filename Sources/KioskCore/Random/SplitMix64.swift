/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator. It expands one seed into the
/// state of the simulation's generator, derives pickup codes, and makes test data that replays from
/// its seed on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The step between states (2^64 divided by the golden ratio).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The output function: scatters the bits of `value` (a bijection on 64-bit values).
    public static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
