/// Six-digit pickup codes for assisted orders, derived (never random inside the core) from the
/// order number and a seed the runtime puts in the event, so a replay derives the same code.
public enum PickupCode {
    /// A code in 0…999999 (print it with leading zeros): SplitMix64 of the seed and order.
    public static func derive(orderID: OrderID, seed: UInt64) -> UInt32 {
        UInt32(SplitMix64.mix(seed &+ UInt64(orderID) &* SplitMix64.increment) % 1_000_000)
    }

    /// `"004217"`.
    public static func text(_ code: UInt32) -> String {
        NoticeText.pickup(Int64(code))
    }
}
