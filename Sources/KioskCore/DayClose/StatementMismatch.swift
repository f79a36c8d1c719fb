/// A payment a provider's statement and the station's books disagree on, as the match found it when the
/// statement was imported: journaled, so it outlives the shell session that imported the file, and then
/// queried through the acquirer.
public struct StatementMismatch: Hashable, Sendable {
    /// Which bucket of the match.
    public enum Kind: UInt8, Hashable, Sendable, CaseIterable {
        /// The station took it; the provider's statement does not list it.
        case missingAtProvider = 1
        /// The provider lists it; the station holds no payment under that number that took money.
        case missingHere = 2
        /// Both hold it, for different amounts.
        case amountDiffers = 3

        /// The store's and the report's name.
        public var name: String {
            switch self {
            case .missingAtProvider: "missingAtProvider"
            case .missingHere: "missingHere"
            case .amountDiffers: "amountDiffers"
            }
        }
    }

    /// The longest merchant order number a statement line may carry, UTF-8 bytes (both providers allow 32
    /// or 64 characters of ASCII).
    public static let maximumOrderNoBytes = 64

    public var provider: ProviderStatement.Provider
    /// The statement's business date, `20261202`.
    public var businessDate: UInt32
    public var merchantOrderNo: String
    public var kind: Kind
    /// What the station took, fen (0 when missing here).
    public var stationFen: Int64
    /// What the statement lists, fen (0 when missing at the provider).
    public var providerFen: Int64

    public init(provider: ProviderStatement.Provider, businessDate: UInt32, merchantOrderNo: String, kind: Kind,
                stationFen: Int64, providerFen: Int64) {
        self.provider = provider
        self.businessDate = businessDate
        self.merchantOrderNo = merchantOrderNo
        self.kind = kind
        self.stationFen = stationFen
        self.providerFen = providerFen
    }

    /// Every mismatch of `match`, for `provider`'s statement of `businessDate`, in the match's order:
    /// missing at the provider, missing here, amount differs.
    public static func all(in match: StatementMatch, provider: ProviderStatement.Provider,
                           businessDate: UInt32) -> [StatementMismatch] {
        match.missingAtProvider.map {
            StatementMismatch(provider: provider, businessDate: businessDate, merchantOrderNo: $0.merchantOrderNo,
                              kind: .missingAtProvider, stationFen: $0.amountFen, providerFen: 0)
        } + match.missingHere.map {
            StatementMismatch(provider: provider, businessDate: businessDate, merchantOrderNo: $0.merchantOrderNo,
                              kind: .missingHere, stationFen: 0, providerFen: $0.amountFen)
        } + match.amountDiffers.map {
            StatementMismatch(provider: provider, businessDate: businessDate, merchantOrderNo: $0.merchantOrderNo,
                              kind: .amountDiffers, stationFen: $0.stationFen, providerFen: $0.providerFen)
        }
    }
}

/// What the acquirer said when asked about a mismatch's payment (WeChat Pay's orderquery, Alipay's
/// trade.query), or why it could not be asked.
public enum MismatchAnswer: UInt8, Hashable, Sendable, CaseIterable {
    /// The provider took the money.
    case paid = 1
    /// The provider took nothing under that number (or has no such order).
    case notPaid = 2
    /// The provider does not know yet (the customer still confirming).
    case unknown = 3
    /// The acquirer did not answer (or its answer failed its signature).
    case unreachable = 4
    /// The station has no acquirer for that provider: the technician asks the provider.
    case noAcquirer = 5

    /// The store's and the report's name.
    public var name: String {
        switch self {
        case .paid: "paid"
        case .notPaid: "notPaid"
        case .unknown: "unknown"
        case .unreachable: "unreachable"
        case .noAcquirer: "noAcquirer"
        }
    }

    /// The acquirer's answer to a payment query.
    public init(_ answer: PaymentQueryAnswer) {
        switch answer {
        case .paid: self = .paid
        case .notPaid: self = .notPaid
        case .unknown: self = .unknown
        }
    }

    /// Whether the answer settles what the payment is: importing the statement again does not ask again.
    public var isFinal: Bool { self == .paid || self == .notPaid }

    /// What the technician does about a mismatch of `kind` once the acquirer answered this, in English
    /// and Chinese.
    public func resolution(for kind: StatementMismatch.Kind) -> String {
        switch (kind, self) {
        case (.missingHere, .paid):
            "charged at the provider, not at the station: refund the customer or record the sale 对方已收款本站无记录：退款或补录"
        case (.missingHere, .notPaid):
            "the provider holds no payment: its statement line is wrong, ask the provider 对方无此笔：请联系对方核实"
        case (.missingAtProvider, .paid):
            "paid at the provider: its statement left it out, it settles later 对方已收款：账单漏列，待结算"
        case (.missingAtProvider, .notPaid):
            "not paid at the provider: the station counted money it never got, collect it again 对方未收款：本站多记，需向顾客补收"
        case (.amountDiffers, .paid):
            "paid, for another amount than the station's: ask the provider 金额不符：请联系对方核实"
        case (.amountDiffers, .notPaid):
            "the provider holds no payment although its statement lists one: ask the provider 对方查无此款：请联系对方核实"
        case (_, .unknown):
            "the provider does not know yet: import the statement again later 对方未定：稍后重新对账"
        case (_, .unreachable):
            "the acquirer did not answer: import the statement again to ask again 未能查询：重新对账再查"
        case (_, .noAcquirer):
            "no acquirer configured for this provider: ask the provider 未配置收单：请联系对方"
        }
    }
}
