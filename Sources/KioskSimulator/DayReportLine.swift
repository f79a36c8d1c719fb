import KioskCore
import KioskStore

/// One Z in `kiosk sim --report json`'s `days`.
public struct DayReportLine: Codable, Equatable {
    /// A count and its sum in fen.
    public struct Tally: Codable, Equatable {
        public var count: Int64
        public var fen: Int64
    }

    public var z: UInt32
    /// `2026-12-02`.
    public var businessDate: String
    public var floatFen: Int64
    public var expectedCashFen: Int64
    public var countedCashFen: Int64
    public var varianceFen: Int64
    /// By tender: `cash`, `wechat`, `alipay`, `unionpay`, `credit`.
    public var tenders: [String: Tally]
    /// By service: `counter`, `assisted`, and each service beside the counter.
    public var services: [String: Tally]

    enum CodingKeys: String, CodingKey {
        case z, tenders, services
        case businessDate = "business_date"
        case floatFen = "float_fen"
        case expectedCashFen = "expected_cash_fen"
        case countedCashFen = "counted_cash_fen"
        case varianceFen = "variance_fen"
    }

    /// `2026-12-02` for `20261202`.
    static func date(_ date: UInt32) -> String {
        "\(date / 10_000)-\(date / 100 % 100 < 10 ? "0" : "")\(date / 100 % 100)-\(date % 100 < 10 ? "0" : "")\(date % 100)"
    }

    init(_ stored: StoredZReport) {
        let closing = stored.closing
        z = closing.z
        businessDate = Self.date(closing.businessDate)
        floatFen = closing.floatFen
        expectedCashFen = closing.expectedCashFen
        countedCashFen = closing.countedCashFen
        varianceFen = closing.varianceFen
        tenders = Dictionary(uniqueKeysWithValues: Tender.allCases.map {
            ($0.key, Tally(count: closing.figures[$0].count, fen: closing.figures[$0].fen))
        })
        services = Dictionary(closing.figures.services.map { ($0.service, Tally(count: $0.sales.count, fen: $0.sales.fen)) },
                              uniquingKeysWith: { Tally(count: $0.count + $1.count, fen: $0.fen + $1.fen) })
    }
}

/// One statement mismatch in `kiosk sim --report json`'s `statement_mismatches`.
public struct StatementMismatchLine: Codable, Equatable {
    /// The mismatch's journal sequence.
    public var seq: Int64
    /// `2026-12-02`.
    public var businessDate: String
    /// `wechat` or `alipay`.
    public var provider: String
    /// `missingAtProvider`, `missingHere` or `amountDiffers`.
    public var kind: String
    public var merchantOrderNo: String
    public var stationFen: Int64
    public var providerFen: Int64
    /// The acquirer's latest answer: `paid`, `notPaid`, `unknown`, `unreachable`, `noAcquirer`; nil while none came.
    public var answer: String?

    enum CodingKeys: String, CodingKey {
        case seq, provider, kind, answer
        case businessDate = "business_date"
        case merchantOrderNo = "merchant_order_no"
        case stationFen = "station_fen"
        case providerFen = "provider_fen"
    }

    init(_ stored: StoredStatementMismatch) {
        let mismatch = stored.mismatch
        seq = stored.sequence
        businessDate = DayReportLine.date(mismatch.businessDate)
        provider = mismatch.provider.rawValue
        kind = mismatch.kind.name
        merchantOrderNo = mismatch.merchantOrderNo
        stationFen = mismatch.stationFen
        providerFen = mismatch.providerFen
        answer = stored.answer?.name
    }
}
