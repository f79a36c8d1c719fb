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

    @Test("a snapshot written before orders could be loaded back (version 1) still restores")
    func versionOneSnapshotRestores() throws {
        let limits = try CoreLimits(maxOpenOrders: 3, maxLinesPerOrder: 4, maxPendingPayments: 1, maxCreditAccounts: 1)
        var counter = Counter(limits: limits)
        for lines in 1 ... 4 {
            counter.accept(.newOrder)
            for _ in 0 ..< lines { counter.accept(Counter.scan(150)) }
            counter.accept(.total, .tenderCash(fen: 1_000), .receiptConfirmed)
        }
        let current = counter.machine.snapshot()
        #expect(current.first == KioskMachine.snapshotVersion)
        let older = Self.versionOne(current, slots: limits.maxOpenOrders)
        #expect(older.count == current.count - limits.maxOpenOrders)
        let restored = try #require(KioskMachine.restoring(limits: limits, snapshot: older))
        #expect(restored.hasSameState(as: counter.machine))
        #expect(restored.snapshot() == current)
    }

    /// `snapshot` (of cash sales without a masked code or a villager, lines of a 13-digit barcode) as
    /// version 1 wrote it: without each order's loaded-back flag.
    static func versionOne(_ snapshot: [UInt8], slots: Int) -> [UInt8] {
        let header = 60
        let orderRecord = 105
        let lineRecord = 1 + 13 + 29
        var older = [1] + snapshot[1 ..< header]
        var offset = header
        for _ in 0 ..< slots {
            let lineCount = (0 ..< 4).reduce(0) { $0 | Int(snapshot[offset + 6 + $1]) << (8 * $1) }
            older += snapshot[offset ..< offset + orderRecord]
            offset += orderRecord + 1
            older += snapshot[offset ..< offset + lineCount * lineRecord]
            offset += lineCount * lineRecord
        }
        return older + snapshot[offset...]
    }
}
