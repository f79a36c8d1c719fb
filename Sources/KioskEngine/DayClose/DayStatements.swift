import Foundation
import KioskCore
import KioskStore

#if canImport(Glibc)
    import Glibc
#endif

/// A statement imported: the match, and what became of its mismatches.
public struct StatementImport: Sendable, Equatable {
    public var match: StatementMatch
    /// Mismatches journaled by this import (one already journaled by an earlier import of the same
    /// statement is not journaled again).
    public var journaled: Int = 0
    /// Mismatches handed to the acquirer's worker (those without a final answer yet).
    public var queried: Int = 0
    /// Merchant order numbers of mismatches that cannot be an order of this station's (empty, or longer
    /// than any provider allows): listed, not journaled, not queried.
    public var unusable: [String] = []
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
    /// number. Every mismatch is journaled (domain `day`, once however often the statement is imported)
    /// and, until the acquirer has given a final answer about it, handed to the station's workers to ask
    /// the acquirer (WeChat Pay's orderquery, Alipay's trade.query) off the loop; each answer comes back
    /// through the inbox and is journaled too (``record(_:for:nowMs:)``). The query is read-only: a crash
    /// before its answer loses nothing that importing the statement again does not ask again.
    @discardableResult
    public func matchStatement(_ statement: [ProviderStatement.Line], provider: ProviderStatement.Provider,
                               businessDate: UInt32, nowMs: Int64) throws -> StatementImport {
        engine.advance(toMs: nowMs)
        let start = Self.startMs(of: businessDate)
        let payments = try records.providerPayments(method: provider.rawValue, fromMs: start, toMs: start + 86_400_000)
        var result = StatementImport(match: StatementMatch(station: payments, statement: statement))
        let known = try records.statementMismatches(businessDate: businessDate)
        for mismatch in StatementMismatch.all(in: result.match, provider: provider, businessDate: businessDate) {
            let number = mismatch.merchantOrderNo
            guard !number.isEmpty, number.utf8.count <= StatementMismatch.maximumOrderNoBytes else {
                result.unusable.append(number)
                continue
            }
            let sequence: Int64
            if let stored = known.last(where: { $0.mismatch == mismatch }) {
                if stored.answer?.isFinal == true { continue }
                sequence = stored.sequence
            } else {
                sequence = try commit(.mismatchFound(mismatch), nowMs: nowMs)
                result.journaled += 1
            }
            let query = StatementQuery(mismatchSequence: sequence, provider: provider, merchantOrderNo: number)
            engine.ports.workers.start(.statementQuery(query), nowMs: nowMs, reports: engine.inbox)
            result.queried += 1
        }
        engine.advance(toMs: nowMs)
        return result
    }

    /// Journals the acquirer's `answer` about the mismatch `query` asked of. An answer about a mismatch the
    /// store no longer holds (its entry was lost to a power cut before it was synced) is dropped: importing
    /// the statement again journals and asks again.
    public func record(_ answer: MismatchAnswer, for query: StatementQuery, nowMs: Int64) {
        guard let known = try? records.statementMismatches(), known.contains(where: { $0.sequence == query.mismatchSequence })
        else { return }
        _ = try? commit(.mismatchAnswered(mismatchSequence: query.mismatchSequence, answer), nowMs: nowMs)
    }

    /// The statement mismatches journaled for `businessDate` (every date when nil), with the acquirer's
    /// latest answers.
    public func statementMismatches(businessDate: UInt32? = nil) throws -> [StoredStatementMismatch] {
        try records.statementMismatches(businessDate: businessDate)
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

    /// The import's match, and what became of its mismatches.
    public static func lines(_ imported: StatementImport) -> [String] {
        var lines = lines(imported.match)
        lines.append("journaled \(imported.journaled) new mismatches, asked the acquirer about \(imported.queried) "
            + "(day mismatches shows the answers) 差异已记录并查询")
        for number in imported.unusable {
            lines.append("  not an order number, not queried 非本站单号: \"\(number)\"")
        }
        return lines
    }

    /// The journaled mismatches with the acquirer's answers and what to do about each.
    public static func lines(_ mismatches: [StoredStatementMismatch]) -> [String] {
        guard !mismatches.isEmpty else { return ["no statement mismatches 无对账差异"] }
        return mismatches.map { stored in
            let mismatch = stored.mismatch
            var line = "#\(stored.sequence) \(DayReportComposer.date(mismatch.businessDate)) \(mismatch.provider.rawValue) "
                + "\(mismatch.kind.name) \(mismatch.merchantOrderNo) here \(Money.formatWithSign(fen: mismatch.stationFen)), "
                + "provider \(Money.formatWithSign(fen: mismatch.providerFen)): "
            if let answer = stored.answer {
                line += "\(answer.name) — \(answer.resolution(for: mismatch.kind))"
            } else {
                line += "asking the acquirer 查询中"
            }
            return line
        }
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
