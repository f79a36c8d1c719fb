import Testing
import KioskSimulation

@Suite struct RandomTests {
    @Test func sameSeedSameSequenceDifferentSeedDifferentSequence() {
        var first = Xoshiro256StarStar(seed: 42)
        var second = Xoshiro256StarStar(seed: 42)
        var other = Xoshiro256StarStar(seed: 43)
        let a = (0..<1000).map { _ in first.next() }
        let b = (0..<1000).map { _ in second.next() }
        let c = (0..<1000).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == 1000)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var generator = Xoshiro256StarStar(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            counts[Int(generator.next(below: 6))] += 1
        }
        #expect(counts.allSatisfy { (9_000...11_000).contains($0) })
    }

    @Test func clockMovesOnlyForward() {
        var clock = SimulatedClock(startMs: 1_795_392_000_000)
        clock.advance(byMs: 45_000)
        #expect(clock.nowMs == 1_795_392_045_000)
        let movedBack = clock.advance(toMs: 1_795_392_000_000)
        #expect(!movedBack)
        #expect(clock.nowMs == 1_795_392_045_000)
        let movedForward = clock.advance(toMs: 1_795_392_100_000)
        #expect(movedForward)
        #expect(clock.nowMs == 1_795_392_100_000)
    }
}
