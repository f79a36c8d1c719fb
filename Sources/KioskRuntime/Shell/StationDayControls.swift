import Foundation
import KioskCore
import KioskEngine
import KioskShell
import KioskStore

/// The shell's `day` commands at a running station: each request runs on the station's queue, against
/// the engine of the moment (a simulated power cut replaces it).
final class StationDayControls: DayControls, @unchecked Sendable {
    private let station: Station

    init(station: Station) {
        self.station = station
    }

    private func onDay<T>(_ body: (DayCloseService, Int64) throws -> T) throws -> T {
        do {
            return try station.onEngine {
                try body(DayCloseService(engine: station.engine, database: station.database), station.nowMs)
            }
        } catch let error as DayCloseError {
            throw ShellHostError.failed("refused: \(error)")
        }
    }

    func openDay(floatFen: Int64?, who: String) throws -> String {
        let opening = try onDay { try $0.open(floatFen: floatFen, who: who, nowMs: $1) }
        return "day \(opening.businessDate) opened, float 备用金 \(Money.formatWithSign(fen: opening.floatFen))"
            + (opening.carried ? " (yesterday's count 昨日实点)" : "")
    }

    func removeCash(fen: Int64, why: String, who: String) throws -> String {
        let removal = try onDay { try $0.removeCash(fen: fen, who: who, why: why, nowMs: $1) }
        return "\(Money.formatWithSign(fen: removal.fen)) removed to the bank by \(removal.who): \(removal.why) (slip printed)"
    }

    func countDrawer(_ count: DrawerCount, explanation: String?, who: String) throws -> String {
        let counted = try onDay { try $0.count(count, explanation: explanation, who: who, nowMs: $1) }
        return "counted 实点 \(Money.formatWithSign(fen: counted.count.totalFen)); close the day with day z"
    }

    func xReport(print: Bool) throws -> [String] {
        guard print else { return DayReportText.lines(try onDay { try $0.xReport(nowMs: $1) }, isX: true) }
        return DayReportText.lines(try onDay { try $0.printX(nowMs: $1) }, isX: true) + ["printed, marked X: not a close 已打印（非日结）"]
    }

    func closeDay() throws -> [String] {
        DayReportText.lines(try onDay { try $0.close(nowMs: $1) }, isX: false) + ["printed 已打印"]
    }

    func showZ(_ z: UInt32, reprint: Bool) throws -> [String] {
        try onDay { day, nowMs in
            guard let stored = try day.zReports().first(where: { $0.closing.z == z }) else { throw DayCloseError.noSuchZ(z) }
            if reprint { try day.reprint(z: z, nowMs: nowMs) }
            return DayReportText.lines(stored.closing, isX: false) + (reprint ? ["printed again, marked 补打"] : [])
        }
    }

    func matchStatement(provider: ProviderStatement.Provider, path: String, businessDate: UInt32) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ShellHostError.failed("cannot read \(path)") }
        guard let text = DayCloseService.statementText([UInt8](data), provider: provider) else {
            throw ShellHostError.failed("\(path) is not a \(provider.rawValue) statement's encoding")
        }
        let statement: [ProviderStatement.Line]
        do {
            statement = try ProviderStatement.parse(text, provider: provider)
        } catch {
            throw ShellHostError.failed("\(path) is not a \(provider.rawValue) statement: \(error)")
        }
        let imported = try onDay { day, nowMs in
            try day.matchStatement(statement, provider: provider, businessDate: businessDate, nowMs: nowMs)
        }
        return DayReportText.lines(imported)
    }

    func statementMismatches(businessDate: UInt32?) throws -> [String] {
        DayReportText.lines(try onDay { day, _ in try day.statementMismatches(businessDate: businessDate) })
    }
}
