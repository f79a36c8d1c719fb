import KioskCore
import KioskStore

/// Why a day's request did not happen.
public enum DayCloseError: Error, Equatable, CustomStringConvertible {
    /// The desk refused (see ``DayRefusal``): nothing was written.
    case refused(DayRefusal)
    /// The store refused the entry (disk full…): nothing was written, the operator was told.
    case notCommitted
    /// No Z with that number.
    case noSuchZ(UInt32)

    public var description: String {
        switch self {
        case .refused(.alreadyOpen): "the day is already open"
        case .refused(.alreadyClosed(let date)): "business day \(DayReportComposer.date(date)) already has its Z"
        case .refused(.invalidAmount): "the amount must be a positive number of yuan"
        case .refused(.missingWhoOrWhy): "say who took the cash and why"
        case .refused(.textTooLong): "the name or reason is too long"
        case .refused(.notCounted): "count the drawer first (day count)"
        case .notCommitted: "the store refused the entry: nothing was recorded"
        case .noSuchZ(let z): "there is no Z \(z)"
        }
    }
}

/// The day's close at a running station: opening the day with a float, cash removed to the bank, the
/// blind count, the X report (read-only) and the Z (one per business day, written with its journal entry
/// and its printout in one commit). Journaled in domain ``KioskStore/JournalDomain/day`` through
/// ``StationEngine/commitService(_:work:nowMs:)``.
public final class DayCloseService {
    let engine: StationEngine
    let records: DayCloseRecords
    /// The services beside the counter whose lines the report carries (parcels, produce, bills).
    public var serviceLedgers: [any DayServiceLedger]
    private let composer: DayReportComposer

    public init(engine: StationEngine, database: KioskDatabase, serviceLedgers: [any DayServiceLedger]? = nil) {
        self.engine = engine
        self.records = DayCloseRecords(database: database)
        self.serviceLedgers = serviceLedgers ?? DayServiceLedgers.all(database: database)
        let configuration = engine.configuration
        composer = DayReportComposer(printer: configuration.printer, header: configuration.receiptHeader,
                                     stationID: configuration.stationID, locale: configuration.locale)
    }

    /// The business date of `nowMs` in Beijing, `20261202`.
    public static func businessDate(atMs nowMs: Int64) -> UInt32 {
        let date = BeijingDate(epochMs: nowMs)
        return UInt32(date.year * 10_000 + date.month * 100 + date.day)
    }

    /// What the store holds of the day since the last Z.
    public func daySoFar() throws -> DaySoFar { try records.daySoFar() }

    /// Opens the day with `floatFen`, or with the last Z's counted cash when nil.
    @discardableResult
    public func open(floatFen: Int64?, who: String, nowMs: Int64) throws -> DayOpening {
        engine.advance(toMs: nowMs)
        let opening = try refusing {
            try DayDesk.open(floatFen: floatFen, businessDate: Self.businessDate(atMs: nowMs), who: who, day: try records.daySoFar())
        }
        try commit(.opened(opening), nowMs: nowMs)
        return opening
    }

    /// Records `fen` taken from the drawer to the bank by `who`, because `why`, and prints its slip: the
    /// cash has left the station, so the entry is synced with the slip before anything else.
    @discardableResult
    public func removeCash(fen: Int64, who: String, why: String, nowMs: Int64) throws -> CashRemoval {
        let removal = try refusing { try DayDesk.removeCash(fen: fen, who: who, why: why) }
        try commit(.cashRemoved(removal), document: composer.cashRemovalSlip(removal, atMs: nowMs), nowMs: nowMs)
        return removal
    }

    /// Records a blind count; returns what it comes to (and nothing about what was expected).
    @discardableResult
    public func count(_ count: DrawerCount, explanation: String?, who: String, nowMs: Int64) throws -> DrawerCounted {
        let counted = try refusing { try DayDesk.count(count, explanation: explanation, who: who) }
        try commit(.counted(counted), nowMs: nowMs)
        return counted
    }

    /// The X report: the day so far, as a Z would close it now (the count, if any yet). Writes nothing.
    public func xReport(nowMs: Int64) throws -> DayClosing {
        engine.advance(toMs: nowMs)
        let day = try records.daySoFar()
        return DayClosing(z: day.lastZ + 1, businessDate: day.opening?.businessDate ?? Self.businessDate(atMs: nowMs),
                          fromSequence: day.lastZSequence, floatFen: day.floatFen, cashRemovedFen: day.cashRemovedFen,
                          counted: day.counted ?? DrawerCounted(count: DrawerCount(), explanation: nil, who: ""),
                          figures: try figures(after: day.lastZSequence))
    }

    /// Prints the X report: the day so far, marked X and "not a close", without the count (it stays
    /// blind). Journaled (`xPrinted`) with its print job; it closes nothing.
    @discardableResult
    public func printX(nowMs: Int64) throws -> DayClosing {
        let report = try xReport(nowMs: nowMs)
        try commit(.xPrinted(businessDate: report.businessDate),
                   document: composer.compose(report, atMs: nowMs, isReprint: false, isX: true), nowMs: nowMs)
        return report
    }

    /// Closes the day: the next Z, computed from the counter's journal entries after the last Z, written
    /// and queued for the printer in one commit. A crash before that commit leaves no Z (close again); after
    /// it, the Z and its printout, which recovery prints again if the printer never confirmed it.
    @discardableResult
    public func close(nowMs: Int64) throws -> DayClosing {
        engine.advance(toMs: nowMs)
        let day = try records.daySoFar()
        let closing = try refusing {
            try DayDesk.close(day: day, figures: try figures(after: day.lastZSequence), today: Self.businessDate(atMs: nowMs))
        }
        let document = composer.compose(closing, atMs: nowMs, isReprint: false)
        try commit(.closed(closing), document: document, nowMs: nowMs)
        return closing
    }

    /// Prints Z `z` again, marked 补打, exactly as it was closed.
    public func reprint(z: UInt32, nowMs: Int64) throws {
        guard let stored = try records.zReport(z) else { throw DayCloseError.noSuchZ(z) }
        let document = composer.compose(stored.closing, atMs: stored.closedAtMs, isReprint: true)
        try commit(.reprinted(z: z), document: document, isReprint: true, nowMs: nowMs)
    }

    /// Every Z written, oldest first.
    public func zReports() throws -> [StoredZReport] { try records.zReports() }

    private func figures(after sequence: Int64) throws -> DayFigures {
        let replay = DayReplay(limits: engine.configuration.limits, journal: engine.journal, services: serviceLedgers)
        return try replay.figures(boundaries: [sequence, engine.sequence])[0]
    }

    private func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as DayRefusal {
            throw DayCloseError.refused(refusal)
        }
    }

    /// Commits `entry` (with `document` queued for the printer); its journal sequence.
    @discardableResult
    func commit(_ entry: DayEntry, document: [UInt8]? = nil, isReprint: Bool = false, nowMs: Int64) throws -> Int64 {
        var commit = JournalCommit(eventPayload: entry.bytes, eventKind: entry.kind, recordedAtMs: nowMs, domain: .day)
        commit.writes = DayCloseRecords.writes(for: entry, document: document ?? [], atMs: nowMs)
        if let document {
            commit.printJobs = [PrintJobRequest(orderID: nil, isReprint: isReprint, bytes: document, kind: .dayReport)]
        }
        guard let sequence = engine.commitService(commit, nowMs: nowMs) else { throw DayCloseError.notCommitted }
        return sequence
    }
}
