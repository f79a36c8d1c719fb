import KioskCore

/// A supported hardware set, as declared in `boards/<name>/board.yaml`.
///
/// A board is data, not code (Zephyr's idea): the USB identities of its devices, the printer's paper and
/// code page, the memory limits the state machine reserves at boot, the station's defaults and how the
/// maintenance shell is reached. ``BoardLoader`` builds one from a file and validates every value.
public struct Board: Sendable, Equatable {
    /// The folder name; also the value of `board.name`.
    public var name: String
    public var vendor: String
    public var description: String
    public var devices: [DeviceDeclaration]
    public var limits: BoardLimits
    public var station: StationDefaults
    public var shell: ShellTransport
    /// The parcel desk (快递代收): shelves, hold periods, how villagers are told (the `parcels:` section).
    public var parcels = ParcelSettings()
    /// Where the operator's screen is served (`screen:` in the file; loopback and 8080 when absent).
    public var screen = ScreenSettings()
    /// Bills (缴费): the billers offered and their limits; nil offers the standard billers with default limits.
    public var bills: BoardBills? = nil
    /// The folder the board was loaded from (`--boards-dir`/`<name>`), where its data files lie beside
    /// `board.yaml`; nil for a board parsed from text alone.
    public var folderPath: String? = nil

    /// The first device declared for `role`, if the board has one.
    public func device(_ role: DeviceRole) -> DeviceDeclaration? {
        devices.first { $0.role == role }
    }

    /// Whether every device on this board is simulated (the developer's board).
    public var isFullySimulated: Bool {
        devices.allSatisfy { $0.connection == .simulated }
    }
}

/// The board's `bills` section.
public struct BoardBills: Sendable, Equatable {
    /// No bill waits on the biller longer than this without a query, seconds (600 by default).
    public var queryLimitS: Int
    /// The most one bill may be, yuan.
    public var maxBillYuan: Int
    /// The billers offered, in the order the operator picks from.
    public var billers: [Biller]
    /// A bill the biller has not settled this long after payment is given up and flagged for the
    /// technician, seconds (a day by default).
    public var giveUpAfterS: Int = 86_400
    /// The barcode each biller prints on its bills (`barcode:`), by biller code.
    public var barcodes: [String: BillBarcodeFormat] = [:]
    /// The keypad key that starts a bill of a biller (`key:`): key name → biller code.
    public var keys: [String: String] = [:]

    public init(queryLimitS: Int, maxBillYuan: Int, billers: [Biller], giveUpAfterS: Int = 86_400,
                barcodes: [String: BillBarcodeFormat] = [:], keys: [String: String] = [:]) {
        self.queryLimitS = queryLimitS
        self.maxBillYuan = maxBillYuan
        self.billers = billers
        self.giveUpAfterS = giveUpAfterS
        self.barcodes = barcodes
        self.keys = keys
    }
}

/// What a device does at the counter.
public enum DeviceRole: String, Sendable, CaseIterable {
    case printer, scanner, keypad, drawer
    /// A weighing scale (produce bought by weight, weighed goods at the counter).
    case scale
}

/// How the kiosk talks to a device.
public enum DeviceProtocol: String, Sendable, CaseIterable {
    case hidKeyboard = "hid-keyboard"
    case hidPOS = "hid-pos"
    case cdcACM = "cdc-acm"
    case printerClass = "printer-class"
    /// A cash drawer wired to the printer's drawer port (kicked with ESC p).
    case printerPort = "printer-port"
    /// A USB HID point-of-sale scale (usage page 0x8D).
    case hidScale = "hid-scale"
    /// A Mettler Toledo MT-SICS scale on a serial port.
    case mtSICS = "mt-sics"
    /// A Toledo 8217 (request `W`) scale on a serial port.
    case toledo8217 = "toledo-8217"
}

/// A USB vendor:product pair, written `0416:5011` in board files.
public struct USBIdentifier: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var vendorID: UInt16
    public var productID: UInt16

    public init(vendorID: UInt16, productID: UInt16) {
        self.vendorID = vendorID
        self.productID = productID
    }

    /// Parses `VVVV:PPPP` (four hexadecimal digits each); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }),
              let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { return nil }
        self.init(vendorID: vendor, productID: product)
    }

    public var description: String {
        hex4(vendorID) + ":" + hex4(productID)
    }

    private func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// Where a device is: on the USB bus, or simulated inside the process.
public enum DeviceConnection: Sendable, Equatable {
    case usb(USBIdentifier, interface: Int)
    /// A tty such as a CDC-ACM scanner's `/dev/ttyACM0`.
    case serial(path: String)
    /// Wired to the receipt printer's drawer connector: kicked through the printer.
    case printerPort
    case simulated
}

/// One device of a board.
public struct DeviceDeclaration: Sendable, Equatable {
    public var role: DeviceRole
    public var deviceProtocol: DeviceProtocol
    public var connection: DeviceConnection
    /// Present for printers.
    public var printer: PrinterSettings?
    /// Present for scanners.
    public var scanner: ScannerSettings?
    /// Present for keypads: key name → action (e.g. `F1: pay-cash`).
    public var keyMap: [String: KeypadAction]
    /// Present for drawers.
    public var drawer: DrawerSettings?
    /// Present for scales.
    public var scale: ScaleSettings? = nil
}

/// What a keypad's function key does (digits, the point and backspace need no mapping).
public enum KeypadAction: String, Sendable, CaseIterable {
    case newOrder = "new-order"
    case total
    case payCash = "pay-cash"
    case payCode = "pay-code"
    case payCredit = "pay-credit"
    case quantity
    case voidLine = "void-line"
    case removeLastLine = "remove-last-line"
    case cancel
    case confirm
    case reprint
    case clear
    case dayClose = "day-close"
    case presentWeChatQR = "qr-wechat"
    case presentAlipayQR = "qr-alipay"
}

/// The receipt printer's paper and character handling.
public struct PrinterSettings: Sendable, Equatable {
    public var paperWidthDots: Int
    public var columns: Int
    /// Whether the printer needs `FS &` before Chinese text and `FS .` after it.
    public var chineseModeCommands: Bool
    public var codePage: CodePage
    public var hasCutter: Bool
    /// Whether the model sends automatic status back (`GS a n`).
    public var automaticStatusBack: Bool
}

/// The character encoding a printer's firmware expects for text.
public enum CodePage: String, Sendable, CaseIterable {
    case gb18030
    case gbk
    /// Latin text only (an export model with no Chinese font): Chinese is printed as raster images.
    case cp437
}

/// How a scanner's reads are framed.
public struct ScannerSettings: Sendable, Equatable {
    /// An unterminated read ends after this much silence.
    public var readGapMs: Int
    /// Identical reads within this window are one read (scanners repeat).
    public var debounceWindowMs: Int
}

/// How a scale is read and when its weight is taken.
public struct ScaleSettings: Sendable, Equatable {
    /// The serial line's speed (serial scales only).
    public var baud: Int
    /// Stable readings in a row that must give the same grams before a weight is taken.
    public var readingsToAgree: Int
    /// How often a serial scale is asked for a reading.
    public var pollIntervalMs: Int
    /// A scale that answers nothing for this long is reported to the operator.
    public var silenceMs: Int

    public init(baud: Int, readingsToAgree: Int, pollIntervalMs: Int, silenceMs: Int) {
        self.baud = baud
        self.readingsToAgree = readingsToAgree
        self.pollIntervalMs = pollIntervalMs
        self.silenceMs = silenceMs
    }
}

/// The cash drawer's kick pulse, sent through the printer's drawer port.
public struct DrawerSettings: Sendable, Equatable {
    /// Drawer connector pin: 2 or 5.
    public var pin: Int
    public var pulseMs: Int
}

/// The capacities the runtime reserves once, at boot. Nothing grows past them.
public struct BoardLimits: Sendable, Equatable {
    public var maxOpenOrders: Int
    public var maxLinesPerOrder: Int
    public var maxPendingPayments: Int
    public var maxCreditAccounts: Int
    public var printQueueDepth: Int
    public var shellHistory: Int
    public var maxScanLength: Int
    public var backupsKept: Int
    public var shellIdleTimeoutS: Int
    /// The most cash one tender takes, in yuan: more is a slip of the keypad, not a customer's money.
    public var maxCashTenderYuan: Int
}

/// The language operators and villagers read on screens and receipts.
public enum StationLocale: String, Sendable, CaseIterable {
    case zhHans = "zh-Hans"
    case english = "en"
}

/// Per-station defaults; the station's settings table may override them at run time.
public struct StationDefaults: Sendable, Equatable {
    public var stationID: String
    public var receiptHeader: String
    public var locale: StationLocale
    /// What the five value digits of in-store scale labels (EAN-13 `2x`) are.
    public var scaleLabels: ScaleLabelLayout = .price
}

/// The layout of in-store scale labels: `2` + flag + five PLU digits + five value digits + check.
public enum ScaleLabelLayout: String, Sendable, CaseIterable {
    /// The value is the price in fen.
    case price
    /// The value is the weight in grams; the price is the weight times the catalog's price per kg.
    case weight
}

/// How a field technician reaches the maintenance shell.
public enum ShellTransport: Sendable, Equatable {
    case serial(path: String, baud: Int)
    case pty
    case none
}

/// The parcel desk's settings (`parcels:` in a board file; every key optional).
public struct ParcelSettings: Sendable, Equatable {
    /// How villagers are told a parcel came.
    public enum Notification: String, Sendable, Equatable, CaseIterable {
        /// A text message through the USB 4G modem on `modem_tty`.
        case modem
        /// A text message through the simulated SMS port (`kiosk sim`).
        case simulated
        /// No modem: a pickup slip is printed with the label, for the courier's call or the village board.
        case slip
    }

    /// Shelves (1–9), layers per shelf (1–9), parcels per layer.
    public var shelves = 4
    public var layers = 5
    public var parcelsPerLayer = 40
    /// Days a parcel is held, and per carrier (`hold_days_sf: 7`) where it differs.
    public var holdDays = 3
    public var holdDaysByCarrier: [String: Int] = [:]
    public var notification: Notification = .slip
    /// The modem's AT-command tty (`/dev/ttyUSB2`), with `notification: modem`.
    public var modemTTY: String?
    /// In a generated day (`kiosk sim --customers N`), parcel events (a courier's drop or a pickup) per
    /// 100 customers at the counter.
    public var generatedPerHundredCustomers = 30

    public init() {}
}

/// Where `kiosk run` serves the operator's screen.
public struct ScreenSettings: Sendable, Equatable {
    /// The address to listen on: `127.0.0.1` (the screen on the station itself), or `0.0.0.0` to let a
    /// second screen in with the token from the data directory.
    public var address: String
    public var port: Int

    public init(address: String = "127.0.0.1", port: Int = 8080) {
        self.address = address
        self.port = port
    }
}
