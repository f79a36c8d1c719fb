/// Six-digit pickup codes for assisted orders, derived (never random inside the core) from the
/// order number and a seed the runtime puts in the event, so a replay derives the same code.
public enum PickupCode {
    /// A code in 0…999999 (print it with leading zeros): SplitMix64 of the seed and order.
    public static func derive(orderID: OrderID, seed: UInt64) -> UInt32 {
        var z = seed &+ UInt64(orderID) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return UInt32(z % 1_000_000)
    }

    /// `"004217"`.
    public static func text(_ code: UInt32) -> String {
        NoticeText.pickup(Int64(code))
    }
}
