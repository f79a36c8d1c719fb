import KioskQRCode

/// What the operator's screen shows, as the station's loop last saw it: pushed to every page as JSON
/// whenever it changes. Plain values, already worded in the board's language and formatted in yuan, so
/// the page only lays them out.
public struct ScreenState: Codable, Equatable, Sendable {
    /// The board's station id (`SIM-0001`).
    public var stationID: String
    /// The board's language, `zh-Hans` or `en`; the page's own labels follow it.
    public var language: String
    /// The message of the moment (the last one the engine showed the operator), and its stable code.
    public var message: String?
    public var messageCode: String?
    /// What the keypad or the amount pad has typed so far (`12.5`), empty when nothing.
    public var entry: String
    /// The order at the counter, if any (still shown once closed, until the next one opens).
    public var order: OrderView?
    /// Code payments sent to the acquirer and not answered yet.
    public var paymentsWaiting: Int
    /// Receipts the printer holds, and why; nil while it prints.
    public var heldReceipts: HeldReceipts?
    /// The board's devices and how each is.
    public var devices: [DeviceView]
    /// The page the operator has open (`counter`, `parcels`…, see ``ScreenAction/ScreenView``): only its
    /// desk's view below is filled, so a scan at the counter reads nothing of the other desks.
    public var view = ScreenAction.ScreenView.counter.rawValue
    public var parcels: ParcelsView?
    /// Nil on the produce page too when the station has no produce desk (no scale, no price list).
    public var produce: ProduceView?
    public var bills: BillsView?
    public var day: DayView?
    public var technician: TechnicianView?
    /// The journal's upload to the county hub, on every page; nil when the station is not enrolled.
    public var uplink: UplinkView?
    /// The payment QR (扫码付) the customer display shows while the customer pays by scanning it; nil
    /// otherwise.
    public var qr: QRView?

    public init(stationID: String, language: String, message: String?, messageCode: String?, entry: String,
                order: OrderView?, paymentsWaiting: Int, heldReceipts: HeldReceipts?, devices: [DeviceView]) {
        self.stationID = stationID
        self.language = language
        self.message = message
        self.messageCode = messageCode
        self.entry = entry
        self.order = order
        self.paymentsWaiting = paymentsWaiting
        self.heldReceipts = heldReceipts
        self.devices = devices
    }

    /// How far the county hub holds this station's journal.
    public struct UplinkView: Codable, Equatable, Sendable {
        /// Journal entries the hub does not hold yet.
        public var backlog: Int64
        /// The header's words: `待上传 12 条` or `已全部上传`.
        public var text: String
        /// When the hub last stored anything (`12-02 14:05`), nil when it never has.
        public var lastUploadText: String?
        /// Why the last attempt failed, nil when it worked.
        public var problem: String?

        public init(backlog: Int64, text: String, lastUploadText: String?, problem: String?) {
            self.backlog = backlog
            self.text = text
            self.lastUploadText = lastUploadText
            self.problem = problem
        }
    }

    /// A payment QR, drawn by the customer display from its modules.
    public struct QRView: Codable, Equatable, Sendable {
        /// `wechat` or `alipay`.
        public var provider: String
        /// What the customer is asked, in the board's language (`请用微信扫码支付`).
        public var prompt: String
        /// The amount, `￥12.50`.
        public var amountText: String
        /// The symbol's rows, top to bottom, `1` for a dark module (``KioskQRCode/QRCode/rows``), without
        /// the quiet zone the page adds.
        public var rows: [String]

        public init(provider: String, prompt: String, amountText: String, rows: [String]) {
            self.provider = provider
            self.prompt = prompt
            self.amountText = amountText
            self.rows = rows
        }

        /// The view of a QR holding `text` for `provider`, at error correction level M; nil when the text
        /// is too long for a QR code.
        public init?(text: String, provider: String, prompt: String, amountText: String) {
            guard let symbol = try? QRCode(payload: Array(text.utf8), errorCorrection: .medium) else { return nil }
            self.init(provider: provider, prompt: prompt, amountText: amountText, rows: symbol.rows)
        }
    }

    public struct OrderView: Codable, Equatable, Sendable {
        public var id: Int64
        /// `open`, `totalled`, `paying`, `paid`, `closed`… (the core's phase), and in words.
        public var phase: String
        public var phaseText: String
        public var lines: [LineView]
        public var totalFen: Int64
        public var totalText: String
        public var dueText: String
        public var cashText: String?
        public var changeFen: Int64
        public var changeText: String?

        public init(id: Int64, phase: String, phaseText: String, lines: [LineView], totalFen: Int64, totalText: String,
                    dueText: String, cashText: String?, changeFen: Int64, changeText: String?) {
            self.id = id
            self.phase = phase
            self.phaseText = phaseText
            self.lines = lines
            self.totalFen = totalFen
            self.totalText = totalText
            self.dueText = dueText
            self.cashText = cashText
            self.changeFen = changeFen
            self.changeText = changeText
        }
    }

    public struct LineView: Codable, Equatable, Sendable {
        public var name: String
        public var barcode: String
        public var quantity: Int32
        public var unitText: String
        public var amountText: String
        public var voided: Bool

        public init(name: String, barcode: String, quantity: Int32, unitText: String, amountText: String, voided: Bool) {
            self.name = name
            self.barcode = barcode
            self.quantity = quantity
            self.unitText = unitText
            self.amountText = amountText
            self.voided = voided
        }
    }

    public struct HeldReceipts: Codable, Equatable, Sendable {
        /// `paper-out`, `cover-open` or `offline`, and what the operator should do, in words.
        public var reason: String
        public var text: String

        public init(reason: String, text: String) {
            self.reason = reason
            self.text = text
        }
    }

    public struct DeviceView: Codable, Equatable, Sendable {
        public var role: String
        public var state: String

        public init(role: String, state: String) {
            self.role = role
            self.state = state
        }
    }
}
