import Foundation
import KioskCore
import KioskStore

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a query through the acquirer for a payment the provider's statement and the station disagree
/// on. The acquirer's adapter implements it where one is configured; the station lists the mismatch
/// for the technician either way.
public protocol StatementMismatchQueries {
    func queryMismatch(merchantOrderNo: String, provider: ProviderStatement.Provider)
}

extension DayCloseService {
    /// Beijing midnight starting `businessDate` (`20261202`), ms since the epoch.
    public static func startMs(of businessDate: UInt32) -> Int64 {
        // Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let month = Int64(businessDate / 100 % 100)
        let day = Int64(businessDate % 100)
        let year = Int64(businessDate / 10_000) - (month <= 2 ? 1 : 0)
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400_000 - 8 * 3_600_000
    }

    /// Matches a provider's statement for `businessDate` against the station's payments by merchant order
    /// number, and starts a query through the acquirer (`queries`, where configured) for every mismatch.
    public func matchStatement(_ statement: [ProviderStatement.Line], provider: ProviderStatement.Provider,
                               businessDate: UInt32, queries: (any StatementMismatchQueries)? = nil) throws -> StatementMatch {
        let start = Self.startMs(of: businessDate)
        let payments = try records.providerPayments(method: provider.rawValue, fromMs: start, toMs: start + 86_400_000)
        let match = StatementMatch(station: payments, statement: statement)
        if let queries {
            let numbers = match.missingAtProvider.map(\.merchantOrderNo) + match.missingHere.map(\.merchantOrderNo)
                + match.amountDiffers.map(\.merchantOrderNo)
            for number in numbers { queries.queryMismatch(merchantOrderNo: number, provider: provider) }
        }
        return match
    }

    /// The text of a statement file as the provider publishes it: WeChat's is UTF-8 (a byte-order mark is
    /// dropped), Alipay's GBK (read as GB18030, its superset). Nil when the bytes are not that encoding.
    public static func statementText(_ bytes: [UInt8], provider: ProviderStatement.Provider) -> String? {
        switch provider {
        case .wechat:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            return String(validating: body, as: UTF8.self)
        case .alipay:
            return decodeGB18030(bytes)
        }
    }

    private static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 4)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inPointer = inputBuffer.baseAddress
                var inLeft = inputBuffer.count
                var outPointer = outputBuffer.baseAddress
                var outLeft = outputBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outputBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(validating: output[..<converted].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The day's reports as text lines, for the shell.
public enum DayReportText {
    public static func lines(_ closing: DayClosing, isX: Bool) -> [String] {
        let money = { (fen: Int64) in Money.formatWithSign(fen: fen) }
        let figures = closing.figures
        var lines = [isX ? "X report (the day so far) X报表  business day \(DayReportComposer.date(closing.businessDate))"
                         : "Z \(closing.z) 日结  business day \(DayReportComposer.date(closing.businessDate))"]
        lines.append("float 备用金 \(money(closing.floatFen)), cash taken 收现金 \(money(figures.cashTakenFen)), change 找零 \(money(figures.changeGivenFen)), cash refunds 现金退款 \(money(figures.cashRefundsFen))")
        lines.append("credit repaid 赊账还款 \(money(figures.creditRepaidFen)), services' cash in/out \(money(figures.serviceCashInFen))/\(money(figures.serviceCashOutFen)), removed 解缴 \(money(closing.cashRemovedFen))")
        lines.append("expected cash 应有现金 \(money(closing.expectedCashFen))")
        if !isX {
            lines.append("counted 实点 \(money(closing.countedCashFen)), variance 差额 \(money(closing.varianceFen))"
                + (closing.counted.explanation.map { " (\($0))" } ?? ""))
        }
        lines.append("tenders: " + Tender.allCases.map { "\($0.key) \(figures[$0].count) \(money(figures[$0].fen))" }.joined(separator: ", "))
        lines.append("services: " + figures.services.map { "\($0.service) \($0.sales.count) \(money($0.sales.fen))" }.joined(separator: ", "))
        lines.append("refunds \(figures.refunds.count) \(money(figures.refunds.fen)), voids \(figures.voids.count) \(money(figures.voids.fen)), cancelled \(figures.cancels.count) \(money(figures.cancels.fen)), carried into tomorrow \(figures.carried.count) \(money(figures.carried.fen))")
        return lines
    }

    public static func lines(_ match: StatementMatch) -> [String] {
        var lines = ["matched \(match.matched.count), missing at the provider \(match.missingAtProvider.count), "
            + "missing here \(match.missingHere.count), amount differs \(match.amountDiffers.count)"]
        for payment in match.missingAtProvider {
            lines.append("  missing at the provider 对方无: \(payment.merchantOrderNo) \(Money.formatWithSign(fen: payment.amountFen))")
        }
        for line in match.missingHere {
            lines.append("  missing here 本站无: \(line.merchantOrderNo) \(Money.formatWithSign(fen: line.amountFen))")
        }
        for pair in match.amountDiffers {
            lines.append("  amount differs 金额不符: \(pair.merchantOrderNo) here \(Money.formatWithSign(fen: pair.stationFen)), provider \(Money.formatWithSign(fen: pair.providerFen))")
        }
        return lines
    }
}
