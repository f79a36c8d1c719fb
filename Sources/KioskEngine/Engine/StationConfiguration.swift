import KioskBoard
import KioskCore
import KioskDevices
import KioskShell

/// What the engine needs to know about its station, taken from the board.
public struct StationConfiguration: Sendable {
    public var limits: CoreLimits
    public var stationID: String
    public var receiptHeader: String
    /// The last line of a receipt; nil prints the standard thanks in the station's language.
    public var receiptFooter: String?
    public var locale: OperatorLocale
    public var printer: PrinterConfiguration
    public var keyMap: [String: KeypadAction]
    /// A charge with no answer after this long is timed out and queried.
    public var paymentTimeoutMs: Int64
    /// A payment QR (扫码付) nobody paid after this long is closed, and the order waits for another tender
    /// (the shell's `payment.qr_timeout_s`).
    public var qrPaymentTimeoutMs: Int64 = 120_000
    /// The most cash one tender takes (the board's `max_cash_tender_yuan`).
    public var maxCashTenderFen: Int64
    /// Whether customers' payment codes can be charged: false on a station with no acquirer configured,
    /// where a code is refused with a message instead of being sent nowhere.
    public var acceptsCodePayments = true
    /// Whether produce can be paid to a farmer's account: false on a station with no payee to send payouts
    /// through, where the produce desk pays cash only instead of queueing money nobody sends.
    public var paysFarmerAccounts = true
    /// Whether an account payout needs the account the farmer gave at the desk (a real payee, which pays
    /// an Alipay login); false where the payee holds farmers' accounts itself (the simulation's).
    public var payoutNeedsFarmerAccount = false
    /// The parcel desk's shelves, hold periods and how villagers are told (the board's `parcels:`).
    public var parcels: ParcelDeskSettings
    /// What the value digits of in-store scale labels are (the board's `station.scale_labels`).
    public var scaleLabels: ScaleLabelLayout = .price
    /// Whether bills can be paid: false on a station with no billers' agent service, which offers no
    /// billers (a bill's money would wait for nothing), whatever list the board or the county gives.
    public var paysBills = true
    /// The billers the station pays bills to (缴费), and its limits for them.
    public var billers: [Biller] = StationConfiguration.standardBillers
    public var billPolicy = BillPolicy()
    /// The barcode each biller prints on its bills, by biller code: a scan of one opens the bill.
    public var billBarcodes: [String: BillBarcodeFormat] = [:]
    /// Keypad keys that start a bill: key name → biller code.
    public var billKeys: [String: String] = [:]

    /// The billers a board that lists none offers: the county's electricity, water and mobile operators,
    /// and rural social insurance.
    public static let standardBillers = [
        Biller(code: "sgcc", name: "国网电费", kind: .electricity),
        Biller(code: "water", name: "自来水费", kind: .water),
        Biller(code: "cmcc", name: "移动话费", kind: .phoneCredit),
        Biller(code: "nrsi", name: "城乡居民社保", kind: .socialInsurance),
    ]

    public init(board: Board, paymentTimeoutMs: Int64 = 30_000) throws {
        limits = try CoreLimits(board: board)
        stationID = board.station.stationID
        receiptHeader = board.station.receiptHeader
        locale = board.station.locale == .english ? .english : .zhHans
        printer = PrinterConfiguration(board: board)
        keyMap = board.device(.keypad)?.keyMap ?? [:]
        self.paymentTimeoutMs = paymentTimeoutMs
        maxCashTenderFen = Int64(board.limits.maxCashTenderYuan) * 100
        parcels = ParcelDeskSettings(board: board)
        scaleLabels = board.station.scaleLabels
        if let bills = board.bills {
            billers = bills.billers
            billPolicy = BillPolicy(maxAmountFen: Int64(bills.maxBillYuan) * 100,
                                    pendingQueryLimitMs: Int64(bills.queryLimitS) * 1_000,
                                    giveUpAfterMs: Int64(bills.giveUpAfterS) * 1_000)
            billBarcodes = bills.barcodes
            billKeys = bills.keys
        }
    }

    /// The settings applied at start (the shell's `config set`, see ``ConfigKey``): `station.name` replaces
    /// the board's receipt header, `receipt.footer` the closing thanks, `payment.timeout_s` the charge
    /// timeout, `payment.qr_timeout_s` how long a payment QR shows. A value its key no longer accepts is ignored.
    public func applying(settings: [String: String]) -> StationConfiguration {
        func accepted(_ key: String) -> String? { ConfigKey.named(key)?.accepted(settings[key]) }
        var configuration = self
        if let name = accepted("station.name"), !name.isEmpty { configuration.receiptHeader = name }
        if let footer = accepted("receipt.footer"), !footer.isEmpty { configuration.receiptFooter = footer }
        if let seconds = accepted("payment.timeout_s").flatMap(Int64.init) { configuration.paymentTimeoutMs = seconds * 1000 }
        if let seconds = accepted("payment.qr_timeout_s").flatMap(Int64.init) { configuration.qrPaymentTimeoutMs = seconds * 1000 }
        return configuration
    }
}
