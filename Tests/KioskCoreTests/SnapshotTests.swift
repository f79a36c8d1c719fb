import KioskCore
import Testing

/// A machine restored from a snapshot is the machine it was taken from, and stays so event after event;
/// bytes that are not such a snapshot restore to nothing.
@Suite struct SnapshotTests {
    @Test("a snapshot taken anywhere in a random stream restores to the same state", arguments: [UInt64(5), 6])
    func restoredMachinesFollowTheOriginal(seed: UInt64) throws {
        let limits = seed == 5 ? PropertyTests.smallLimits : CoreLimits.standard
        let machine = KioskMachine(limits: limits)
        var stream = EventStream(random: SplitMix64(seed: seed))
        var restored: KioskMachine?
        var restorations = 0
        for index in 0 ..< 6_000 {
            let event = stream.next(for: machine)
            machine.apply(event)
            restored?.apply(event)
            stream.observe(machine)
            if let restored {
                #expect(restored.hasSameState(as: machine), "seed \(seed) event \(index): restored machine diverged")
            }
            if index % 500 == 250 {
                restored = KioskMachine.restoring(limits: limits, snapshot: machine.snapshot())
                #expect(restored != nil, "seed \(seed) event \(index): the snapshot did not restore")
                restorations += 1
                #expect(restored?.stateDigest() == machine.stateDigest())
            }
        }
        #expect(restorations == 12)
    }

    @Test func damagedTruncatedOrForeignSnapshotsRestoreToNothing() throws {
        let machine = KioskMachine(limits: .standard)
        var stream = EventStream(random: SplitMix64(seed: 7))
        for _ in 0 ..< 300 {
            machine.apply(stream.next(for: machine))
            stream.observe(machine)
        }
        let snapshot = machine.snapshot()
        #expect(KioskMachine.restoring(limits: .standard, snapshot: snapshot) != nil)
        #expect(KioskMachine.restoring(limits: .standard, snapshot: Array(snapshot.dropLast())) == nil)
        #expect(KioskMachine.restoring(limits: .standard, snapshot: snapshot + [0]) == nil)
        #expect(KioskMachine.restoring(limits: PropertyTests.smallLimits, snapshot: snapshot) == nil)
        var otherVersion = snapshot
        otherVersion[0] &+= 1
        #expect(KioskMachine.restoring(limits: .standard, snapshot: otherVersion) == nil)
        // Any single flipped byte after the header is caught (a value no machine can hold, or the digest).
        var generator = SplitMix64(seed: 8)
        for _ in 0 ..< 200 {
            var damaged = snapshot
            let index = Int.random(in: 17 ..< damaged.count, using: &generator)
            damaged[index] ^= UInt8.random(in: 1 ... 255, using: &generator)
            #expect(KioskMachine.restoring(limits: .standard, snapshot: damaged) == nil, "byte \(index)")
        }
    }
}
