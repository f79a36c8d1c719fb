import KioskCore

/// `core`: how many events per second the order/payment machine applies on one core, and how
/// many heap allocations it makes per event in steady state (the target is 0).
enum CoreBenchmark {
    static let eventsPerPass = 400_000
    static let passes = 10

    static func run() -> Int32 {
        let sanity = AllocationCounter.sanityCount()
        guard sanity > 0 else {
            print("core: the malloc interposer is not counting (run through scripts/bench, which preloads it)")
            return 1
        }
        let limits = CoreLimits.standard
        var machineForCount: KioskMachine?
        let creation = AllocationCounter.count { machineForCount = KioskMachine(limits: limits) }
        precondition(machineForCount != nil)
        print("core: counter check: an array allocates \(sanity), creating a machine allocates \(creation)")
        let mix = CoreEventMix(limits: limits, count: eventsPerPass, seed: 2026)
        let events = mix.events
        print("core: \(events.count) events per pass, \(passes) passes, limits \(limits.maxOpenOrders) orders × \(limits.maxLinesPerOrder) lines, \(limits.reservedBytes) bytes reserved")

        var applied = 0
        var allocations = 0
        var refused = 0
        var effects = 0
        var elapsed = Duration.zero
        let clock = ContinuousClock()
        for _ in 0 ..< passes {
            let machine = KioskMachine(limits: limits)
            var passRefused = 0
            var passEffects = 0
            let start = clock.now
            allocations += AllocationCounter.count {
                for event in events {
                    if case .refused = machine.apply(event) { passRefused += 1 }
                    passEffects &+= machine.effects.count
                }
            }
            elapsed += clock.now - start
            applied += events.count
            refused += passRefused
            effects += passEffects
            precondition(machine.invariantViolation() == nil, "benchmark broke an invariant")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let eventsPerSecond = Int(Double(applied) / seconds)
        print("core: \(refused / passes) refused and \(effects / passes) effects per pass")
        print("allocations \(allocations)")
        print("events_per_s \(eventsPerSecond)")
        print("allocs_per_event \(format(Double(allocations) / Double(applied)))")
        return 0
    }

    /// `0` when exactly zero, else six decimals (so a rare allocation still shows).
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let micro = Int((value * 1_000_000).rounded())
        let whole = micro / 1_000_000
        let fraction = String(micro % 1_000_000)
        return "\(whole).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}
