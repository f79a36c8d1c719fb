import Testing
import KioskSimulation

@Suite struct FaultInjectorTests {
    private func draws(seed: UInt64, rate: UInt64, count: Int) -> [SimulatedFault?] {
        var injector = FaultInjector(seed: seed, ratePerMillion: rate)
        return (0..<count).map { _ in injector.draw() }
    }

    @Test func sameSeedDrawsTheSameFaults() {
        #expect(draws(seed: 99, rate: 50_000, count: 5000) == draws(seed: 99, rate: 50_000, count: 5000))
        #expect(draws(seed: 99, rate: 50_000, count: 5000) != draws(seed: 100, rate: 50_000, count: 5000))
    }

    @Test func rateControlsHowOftenFaultsHappen() {
        #expect(draws(seed: 1, rate: 0, count: 10_000).allSatisfy { $0 == nil })
        #expect(draws(seed: 1, rate: 1_000_000, count: 1000).allSatisfy { $0 != nil })
        let faults = draws(seed: 1, rate: 10_000, count: 100_000).compactMap { $0 }.count
        #expect((800...1200).contains(faults))
    }

    @Test func devicesAreNeverUnpluggedTwiceOrPluggedWhileIn() {
        var unplugged: Set<SimulatedDevice> = []
        var paperOut = false
        for fault in draws(seed: 5, rate: 1_000_000, count: 2000).compactMap({ $0 }) {
            switch fault {
            case .unplug(let device): #expect(unplugged.insert(device).inserted)
            case .plug(let device): #expect(unplugged.remove(device) != nil)
            case .paperOut: #expect(!paperOut); paperOut = true
            case .paperIn: #expect(paperOut); paperOut = false
            case .coverOpen, .coverClose, .powerCut: break
            }
        }
    }
}
