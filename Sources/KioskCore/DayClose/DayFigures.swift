/// How a sale was paid, as the day's report lines it up.
public enum Tender: UInt8, CaseIterable, Hashable, Sendable {
    case cash = 1
    case wechat = 2
    case alipay = 3
    case unionPay = 4
    case stationCredit = 5

    /// The report's key (`--report json`, the shell).
    public var key: String {
        switch self {
        case .cash: "cash"
        case .wechat: "wechat"
        case .alipay: "alipay"
        case .unionPay: "unionpay"
        case .stationCredit: "credit"
        }
    }

    /// The tender of a payment code's wallet.
    public init(_ scheme: PaymentScheme) {
        switch scheme {
        case .wechat: self = .wechat
        case .alipay: self = .alipay
        case .unionPay: self = .unionPay
        }
    }
}

/// A count and a sum: `3 笔 ￥45.00`.
public struct TallyLine: Hashable, Sendable {
    public var count: Int64
    public var fen: Int64

    public init(count: Int64 = 0, fen: Int64 = 0) {
        self.count = count
        self.fen = fen
    }

    /// Counts one more, of `fen`.
    public mutating func add(_ fen: Int64) {
        count += 1
        self.fen += fen
    }
}

/// What one service took or paid out over a day: counter sales and assisted orders from the counter's
/// journal, and each service beside the counter (parcels, produce bought, bills) from its own books.
public struct ServiceLine: Hashable, Sendable {
    /// The service's report key: lowercase letters and `_` (`counter`, `assisted`, `parcels`…).
    public var service: String
    /// Its transactions and what they came to, fen.
    public var sales: TallyLine
    /// Cash the service put in the drawer that no counter sale records (a parcel's COD collected), fen.
    public var cashInFen: Int64
    /// Cash the service paid out of the drawer (produce bought, COD remitted), fen.
    public var cashOutFen: Int64

    public init(service: String, sales: TallyLine, cashInFen: Int64 = 0, cashOutFen: Int64 = 0) {
        precondition(!service.isEmpty && service.utf8.count <= 32, "a service key is 1…32 bytes")
        self.service = service
        self.sales = sales
        self.cashInFen = cashInFen
        self.cashOutFen = cashOutFen
    }
}

/// The day's money as the counter's journal gives it between two closes (see ``DayTally``), with the
/// services' lines beside it.
public struct DayFigures: Hashable, Sendable {
    /// Per tender, indexed by `Tender.rawValue - 1`: payments applied to sales.
    public var tenders: [TallyLine]
    /// Counter sales, assisted orders, then the services beside the counter.
    public var services: [ServiceLine]
    /// Cash handed over at the counter (before change), fen.
    public var cashTakenFen: Int64 = 0
    /// Change given back, fen.
    public var changeGivenFen: Int64 = 0
    /// Cash given back by voids and cancels, fen.
    public var cashRefundsFen: Int64 = 0
    /// Cash villagers paid back on station credit (赊账 repaid), fen.
    public var creditRepaidFen: Int64 = 0
    /// Refunds of every kind (cash, to the wallet, to the credit account).
    public var refunds = TallyLine()
    /// Paid orders voided.
    public var voids = TallyLine()
    /// Orders cancelled before payment.
    public var cancels = TallyLine()
    /// Orders still open or waiting (unpaid, being charged, assisted orders not yet collected), carried
    /// into tomorrow, with their totals.
    public var carried = TallyLine()

    public init() {
        tenders = Array(repeating: TallyLine(), count: Tender.allCases.count)
        services = []
    }

    /// The line of `tender`.
    public subscript(_ tender: Tender) -> TallyLine {
        get { tenders[Int(tender.rawValue) - 1] }
        set { tenders[Int(tender.rawValue) - 1] = newValue }
    }

    /// Cash the services paid out of the drawer, fen.
    public var serviceCashOutFen: Int64 { services.reduce(0) { $0 + $1.cashOutFen } }
    /// Cash the services put in the drawer, fen.
    public var serviceCashInFen: Int64 { services.reduce(0) { $0 + $1.cashInFen } }

    /// Cash the drawer should hold: the float, plus cash taken and repaid and the services' cash in, less
    /// change, cash refunds, the services' payouts and cash removed to the bank.
    public func expectedCashFen(floatFen: Int64, cashRemovedFen: Int64) -> Int64 {
        floatFen + cashTakenFen + creditRepaidFen + serviceCashInFen
            - changeGivenFen - cashRefundsFen - serviceCashOutFen - cashRemovedFen
    }
}
