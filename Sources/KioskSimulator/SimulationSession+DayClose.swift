import KioskCore
import KioskSimulation
import KioskEngine

extension SimulationSession {
    /// The day's close at the simulated station, on its current engine (a power cut makes a new one).
    public var dayClose: DayCloseService {
        DayCloseService(engine: engine, database: database)
    }
}

extension SimulationSession {
    /// Carries out a scenario's `day` step at the simulated instant; the operator is `operator`.
    func perform(_ step: DayStep) throws {
        let day = dayClose
        switch step {
        case .open(let floatFen): try day.open(floatFen: floatFen, who: "operator", nowMs: clockMs)
        case .removeCash(let fen, let why): try day.removeCash(fen: fen, who: "operator", why: why, nowMs: clockMs)
        case .count(let count, let note): try day.count(count, explanation: note, who: "operator", nowMs: clockMs)
        case .close: try day.close(nowMs: clockMs)
        }
    }

    /// Checks a scenario's `expect z …`; nil when it holds.
    func checkDay(_ expectation: ScenarioExpectation) throws -> String? {
        let reports = try dayClose.zReports()
        switch expectation {
        case .zCount(let count):
            return reports.count == count ? nil : "\(reports.count) Z reports written, expected \(count)"
        case .zFigure(let z, let figure, let fen):
            guard let closing = reports.first(where: { $0.closing.z == z })?.closing else { return "there is no Z \(z)" }
            let value = switch figure {
            case .float: closing.floatFen
            case .expected: closing.expectedCashFen
            case .counted: closing.countedCashFen
            case .variance: closing.varianceFen
            }
            return value == fen ? nil
                : "Z \(z) \(figure.rawValue) is \(Money.formatWithSign(fen: value)), expected \(Money.formatWithSign(fen: fen))"
        default:
            return nil
        }
    }
}
