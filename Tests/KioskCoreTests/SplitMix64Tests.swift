import KioskCore
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [
            0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
        ])
    }

    @Test func pickupCodesStayWhatEarlierReleasesPrinted() {
        // A code on a receipt already handed over must still match after an upgrade: these are
        // what the first release derived for station seed 20261123.
        #expect((1 ... 3).map { PickupCode.derive(orderID: $0, seed: 20_261_123) } == [312_657, 157_987, 392_609])
    }
}
