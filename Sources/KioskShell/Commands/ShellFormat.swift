import Foundation
import KioskCore

/// How the shell prints times, money, sizes and numbers it reads.
enum ShellFormat {
    /// `2026-11-23 18:02:18 +08:00`: Beijing time, as receipts and backups have it, whatever zone the
    /// machine's clock was set up with (stations often run on UTC).
    static func time(_ wallTime_ms: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = beijing
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxxxx"
        return formatter.string(from: Date(timeIntervalSince1970: Double(wallTime_ms) / 1000))
    }

    /// China Standard Time: UTC+8 all year.
    static let beijing = TimeZone(secondsFromGMT: 8 * 3_600)!

    /// Parses `2026-11-23T18:02:18+08:00` (an ISO 8601 time with its zone) into ms since 1970.
    static func parseTime(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func money(_ fen: Int64) -> String {
        Money.formatWithSign(fen: fen)
    }

    static func duration(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        return "\(seconds / 86_400)d \(seconds % 86_400 / 3_600)h \(seconds % 3_600 / 60)m \(seconds % 60)s"
    }

    static func bytes(_ count: Int64) -> String {
        count >= 1 << 30 ? String(format: "%.1f GiB", Double(count) / Double(1 << 30))
            : String(format: "%.1f MiB", Double(count) / Double(1 << 20))
    }

    /// A positive whole number argument, or a failure naming `what`.
    static func positiveNumber(_ text: String, _ what: String) throws -> Int64 {
        guard let number = Int64(text), number > 0 else {
            throw CommandFailure("\(what): expected a positive number 需要正整数: \(text)")
        }
        return number
    }
}
