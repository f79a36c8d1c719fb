import KioskCore
import KioskStore

/// Checks every Z against the journal: its row is its own journal entry, the Zs follow each other, and
/// its figures are what the counter's entries between the previous Z and it give when replayed now; and
/// every statement mismatch's row against its journal entry and the newest answer journaled about it.
public struct DayCloseAudit {
    let database: KioskDatabase
    let configuration: StationConfiguration
    let serviceLedgers: [any DayServiceLedger]

    public init(database: KioskDatabase, configuration: StationConfiguration, serviceLedgers: [any DayServiceLedger]? = nil) {
        self.database = database
        self.configuration = configuration
        self.serviceLedgers = serviceLedgers ?? DayServiceLedgers.all(database: database)
    }

    /// One line per Z that disagrees with the journal (empty: every Z is what the journal gives).
    public func mismatches() throws -> [String] {
        let records = DayCloseRecords(database: database)
        var found = try records.rowMismatches() + records.mismatchRowProblems()
        let reports = try records.zReports()
        guard let first = reports.first else { return found }
        let replay = DayReplay(limits: configuration.limits, journal: EventJournal(database: database), services: serviceLedgers)
        let figures = try replay.figures(boundaries: [first.closing.fromSequence] + reports.map(\.sequence))
        for (report, computed) in zip(reports, figures) where report.closing.figures != computed {
            let z = report.closing.z
            let storedExpected = report.closing.expectedCashFen
            let computedExpected = computed.expectedCashFen(floatFen: report.closing.floatFen,
                                                            cashRemovedFen: report.closing.cashRemovedFen)
            found.append("Z \(z): its figures are not what the journal gives (expected cash \(storedExpected) fen, journal gives \(computedExpected) fen)")
        }
        return found
    }
}
