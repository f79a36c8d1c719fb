/// A calendar day in Beijing time (UTC+8 all year, no daylight saving), from epoch milliseconds.
///
/// Pure arithmetic, so an injected or simulated clock gives the same day on any machine whatever its
/// time zone database.
public struct BeijingDate: Equatable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    static let offsetMs: Int64 = 8 * 3_600_000
    static let dayMs: Int64 = 86_400_000

    /// The Beijing day that `epochMs` falls in.
    public init(epochMs: Int64) {
        let localMs = epochMs + Self.offsetMs
        let days = localMs >= 0 ? localMs / Self.dayMs : (localMs - Self.dayMs + 1) / Self.dayMs
        // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `20261123`.
    public var compact: String {
        String(year) + (month < 10 ? "0" : "") + String(month) + (day < 10 ? "0" : "") + String(day)
    }

    /// `2026-11-23 08:30:00`: the Beijing date and time of `epochMs`, as receipts print it.
    public static func timestamp(epochMs: Int64) -> String {
        let date = BeijingDate(epochMs: epochMs)
        let localMs = epochMs + offsetMs
        let msOfDay = ((localMs % dayMs) + dayMs) % dayMs
        let second = Int(msOfDay / 1000)
        return "\(date.year)-\(pad(date.month))-\(pad(date.day)) \(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    public static func < (lhs: BeijingDate, rhs: BeijingDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
