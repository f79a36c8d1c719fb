import Foundation
import KioskRuntime
import KioskSimulation

/// The terminal as the counter of a simulated station: each line is a barcode to scan or a
/// scenario step. The simulated clock follows the wall clock.
struct CounterConsole {
    let session: SimulationSession

    func run() throws {
        print("""
            kiosk sim: you are at the counter of station \(session.configuration.stationID).
            Type a barcode and Enter to scan it, or a step: key F1 · cash 20 · paper out · power-cut · expect receipts 1.
            Ctrl-D ends.
            """)
        let startedWall = Date()
        let startedClock = session.clockMs
        var lineNumber = 0
        while let line = readLine() {
            lineNumber += 1
            session.advance(toMs: startedClock + Int64(Date().timeIntervalSince(startedWall) * 1000))
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let stepText = trimmed.first!.isNumber || trimmed.hasPrefix("#") || trimmed.hasPrefix("]") ? "scan \(trimmed)" : trimmed
            do {
                for step in try ScenarioParser.parse(stepText, fileName: "counter").steps {
                    try session.perform(ScenarioStep(line: lineNumber, action: step.action), file: "counter")
                }
            } catch {
                print("  ! \(error)")
            }
        }
    }
}
