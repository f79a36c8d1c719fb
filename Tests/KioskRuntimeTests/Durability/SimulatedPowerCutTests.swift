import Foundation
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskSimulator

/// The simulation's `power-cut` step on the power-cut disk is a real power cut: what only the operator
/// has seen may be lost, what left the station is kept, exactly once.
@Suite("A simulated power cut is a real one")
struct SimulatedPowerCutTests {
    static let milk = Array("6916018159088".utf8)

    @Test("lines of an unpaid order are lost to a power cut, and kept by kill -9 (the plain disk)")
    func unpaidLinesFollowTheContract() throws {
        for disk in [SimulatedDisk.powerCut, .plain] {
            let data = try ScratchDirectory("power-cut-lines")
            defer { data.remove() }
            let session = try SimulationSession.make(in: data.path, disk: disk)
            session.scan(Self.milk)
            session.scan(Self.milk)
            let order = try #require(session.engine.machine.currentOrderID)
            try session.powerCut()
            let kept = session.engine.machine.order(order)
            if disk == .powerCut {
                #expect(kept == nil, "an order never synced is gone after a power cut")
            } else {
                #expect(kept?.lineCount == 2, "kill -9 keeps the page cache")
            }
            try session.close()
        }
    }

    @Test("a paid sale survives a power cut right after the cash: paid once, its receipt printed once")
    func paidSaleSurvives() throws {
        let data = try ScratchDirectory("power-cut-paid")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path, disk: .powerCut)
        session.printer.update { $0.paperOut = true }
        session.scan(Self.milk)
        session.engine.handle(.cash(fen: 10_000), nowMs: session.clockMs)
        let order = try #require(session.engine.machine.currentOrderID)
        try session.powerCut()
        #expect(session.engine.machine.order(order)?.phase == .paid)
        try session.inject(.paperIn)
        #expect(session.printer.printer.printedCount == 1)
        #expect(session.engine.machine.order(order)?.phase == .closed)
        #expect(try session.books.violations().isEmpty)
        try session.close()
    }
}
