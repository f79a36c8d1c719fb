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
        case .printX: try day.printX(nowMs: clockMs)
        case .match(let provider): try matchStatement(provider, businessDate: DayCloseService.businessDate(atMs: clockMs))
        }
    }

    /// Matches the simulated gateway's `provider` statement of `businessDate`, as published, against the
    /// station's payments: each mismatch journaled and queried (once however often it is repeated).
    func matchStatement(_ provider: ProviderStatement.Provider, businessDate: UInt32) throws {
        guard let text = DayCloseService.statementText(gateway.statementFile(provider: provider, businessDate: businessDate),
                                                       provider: provider) else {
            preconditionFailure("the simulated gateway wrote a \(provider.rawValue) statement not in its encoding")
        }
        try dayClose.matchStatement(try ProviderStatement.parse(text, provider: provider), provider: provider,
                                    businessDate: businessDate, nowMs: clockMs)
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

extension SimulationSession {
    /// When a generated day's counter closes, and opens again the next morning (Beijing time of day, ms).
    static let closingTimeOfDayMs: Int64 = 20 * 3_600_000
    static let openingTimeOfDayMs: Int64 = 8 * 3_600_000

    /// The generated day's close: from 20:00 Beijing the operator counts the drawer — what the X expects,
    /// in notes and coins down to the jiao — and closes the day; the clock moves to 08:00 the next morning,
    /// when the day opens with the counted cash carried over, and the providers' statements of the day
    /// just closed (T+1) are matched. Safe to repeat after a restart: a day that already has its Z is not
    /// closed again, and a mismatch already journaled is not journaled again.
    public func closeDayIfDue() throws {
        let timeOfDayMs = ((clockMs + 8 * 3_600_000) % 86_400_000 + 86_400_000) % 86_400_000
        guard timeOfDayMs >= Self.closingTimeOfDayMs else { return }
        let day = dayClose
        let today = DayCloseService.businessDate(atMs: clockMs)
        if try day.daySoFar().lastClosedDate != today {
            let expected = try day.xReport(nowMs: clockMs).expectedCashFen
            try day.count(Self.drawer(holding: expected), explanation: nil, who: "operator", nowMs: clockMs)
            try day.close(nowMs: clockMs)
        }
        advance(toMs: clockMs - timeOfDayMs + 86_400_000 + Self.openingTimeOfDayMs)
        try dayClose.open(floatFen: nil, who: "operator", nowMs: clockMs)
        for provider in ProviderStatement.Provider.allCases { try matchStatement(provider, businessDate: today) }
    }

    /// `fen` as the fewest notes and coins (what is below a jiao is not in the drawer).
    static func drawer(holding fen: Int64) -> DrawerCount {
        var left = max(0, fen)
        var pieces: [Denomination: Int32] = [:]
        for denomination in Denomination.allCases {
            let count = min(left / denomination.fen, Int64(DrawerCount.maximumPieces))
            pieces[denomination] = Int32(count)
            left -= count * denomination.fen
        }
        return DrawerCount(pieces) ?? DrawerCount()
    }
}
