/// Draws faults from a seed at a fixed rate: each `draw()` is one chance for something to go
/// wrong (or, for a fault in force, to be put right), so a run is replayable from its seed.
public struct FaultInjector: Sendable {
    /// Chances in a million that a draw yields a fault or recovery.
    public let ratePerMillion: UInt64
    private var random: Xoshiro256StarStar
    private var unplugged: Set<SimulatedDevice> = []
    private var paperOut = false
    private var coverOpen = false

    /// `ratePerMillion` of 10 000 means about one draw in a hundred changes something.
    public init(seed: UInt64, ratePerMillion: UInt64) {
        precondition(ratePerMillion <= 1_000_000, "a rate is at most one million per million")
        self.ratePerMillion = ratePerMillion
        self.random = Xoshiro256StarStar(seed: seed)
    }

    /// A fault or recovery, or nil most of the time. Never unplugs what is already out or plugs
    /// what is in; a power cut leaves the other faults as they are.
    public mutating func draw() -> SimulatedFault? {
        guard random.next(below: 1_000_000) < ratePerMillion else { return nil }
        var choices: [SimulatedFault] = SimulatedDevice.allCases.map { device in
            unplugged.contains(device) ? .plug(device) : .unplug(device)
        }
        choices.append(paperOut ? .paperIn : .paperOut)
        choices.append(coverOpen ? .coverClose : .coverOpen)
        choices.append(.powerCut)
        let fault = choices[Int(random.next(below: UInt64(choices.count)))]
        switch fault {
        case .unplug(let device): unplugged.insert(device)
        case .plug(let device): unplugged.remove(device)
        case .paperOut: paperOut = true
        case .paperIn: paperOut = false
        case .coverOpen: coverOpen = true
        case .coverClose: coverOpen = false
        case .powerCut: break
        }
        return fault
    }
}
