/// What the store holds of the business day since the last Z: the decisions of ``DayDesk`` read it.
public struct DaySoFar: Hashable, Sendable {
    /// The last Z's number (0: none yet).
    public var lastZ: UInt32 = 0
    /// The last Z's journal sequence (0: none yet).
    public var lastZSequence: Int64 = 0
    /// The business date the last Z closed.
    public var lastClosedDate: UInt32?
    /// The cash the last Z counted: tomorrow's float unless one is entered.
    public var lastCountedFen: Int64?
    /// The day's opening, when one was recorded since the last Z.
    public var opening: DayOpening?
    /// Cash removed to the bank since the last Z, fen.
    public var cashRemovedFen: Int64 = 0
    /// The latest blind count since the last Z.
    public var counted: DrawerCounted?

    public init() {}

    /// The day's float: the one entered, else the last close's counted cash, else nothing.
    public var floatFen: Int64 { opening?.floatFen ?? lastCountedFen ?? 0 }
}

/// Why the day's desk refused.
public enum DayRefusal: Error, Hashable, Sendable {
    /// The day is already open (a float was entered since the last close).
    case alreadyOpen
    /// That business date already has its Z.
    case alreadyClosed(businessDate: UInt32)
    /// An amount that is not a positive number of fen (or a negative float).
    case invalidAmount
    /// Cash removed without saying who took it, or why.
    case missingWhoOrWhy
    /// A name, reason or explanation longer than the entry holds.
    case textTooLong
    /// A close before the drawer was counted.
    case notCounted
}

/// The day's close decisions: each takes what the store holds of the day and an operator's request and
/// returns the entry to journal, or a refusal. Pure: the business date and the figures arrive as inputs.
public enum DayDesk {
    /// Opens the business day `businessDate` with `floatFen`, or with the last close's counted cash when nil.
    public static func open(floatFen: Int64?, businessDate: UInt32, who: String,
                            day: DaySoFar) throws(DayRefusal) -> DayOpening {
        guard day.opening == nil else { throw .alreadyOpen }
        guard day.lastClosedDate != businessDate else { throw .alreadyClosed(businessDate: businessDate) }
        try check(who: who)
        if let floatFen, floatFen < 0 { throw .invalidAmount }
        return DayOpening(businessDate: businessDate, floatFen: floatFen ?? day.lastCountedFen ?? 0,
                          carried: floatFen == nil, who: who)
    }

    /// Records `fen` taken out of the drawer to the bank by `who` because of `why`.
    public static func removeCash(fen: Int64, who: String, why: String) throws(DayRefusal) -> CashRemoval {
        guard fen > 0 else { throw .invalidAmount }
        guard !who.isEmpty, !why.isEmpty else { throw .missingWhoOrWhy }
        try check(who: who)
        guard why.utf8.count <= DayEntry.maximumTextBytes else { throw .textTooLong }
        return CashRemoval(fen: fen, who: who, why: why)
    }

    /// Records a blind count, with the operator's explanation of a difference if they gave one.
    public static func count(_ count: DrawerCount, explanation: String?, who: String) throws(DayRefusal) -> DrawerCounted {
        try check(who: who)
        guard (explanation?.utf8.count ?? 0) <= DayEntry.maximumTextBytes else { throw .textTooLong }
        return DrawerCounted(count: count, explanation: explanation?.isEmpty == true ? nil : explanation, who: who)
    }

    /// Closes the day with `figures` (from the counter's journal after the last Z): the next Z, for the
    /// day's opening date or else `today`. A variance never refuses the close; a missing count does.
    public static func close(day: DaySoFar, figures: DayFigures, today: UInt32) throws(DayRefusal) -> DayClosing {
        let date = day.opening?.businessDate ?? today
        guard day.lastClosedDate != date else { throw .alreadyClosed(businessDate: date) }
        guard let counted = day.counted else { throw .notCounted }
        return DayClosing(z: day.lastZ + 1, businessDate: date, fromSequence: day.lastZSequence, floatFen: day.floatFen,
                          cashRemovedFen: day.cashRemovedFen, counted: counted, figures: figures)
    }

    private static func check(who: String) throws(DayRefusal) {
        guard who.utf8.count <= DayEntry.maximumWhoBytes else { throw .textTooLong }
    }
}
