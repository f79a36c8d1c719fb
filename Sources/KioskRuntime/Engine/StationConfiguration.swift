import KioskBoard
import KioskCore
import KioskDevices

/// What the engine needs to know about its station, taken from the board.
public struct StationConfiguration: Sendable {
    public var limits: CoreLimits
    public var stationID: String
    public var receiptHeader: String
    public var locale: OperatorLocale
    public var printer: PrinterConfiguration
    public var keyMap: [String: KeypadAction]
    /// A charge with no answer after this long is timed out and queried.
    public var paymentTimeoutMs: Int64

    public init(board: Board, paymentTimeoutMs: Int64 = 30_000) throws {
        limits = try CoreLimits(board: board)
        stationID = board.station.stationID
        receiptHeader = board.station.receiptHeader
        locale = board.station.locale == .english ? .english : .zhHans
        printer = PrinterConfiguration(board: board)
        keyMap = board.device(.keypad)?.keyMap ?? [:]
        self.paymentTimeoutMs = paymentTimeoutMs
    }
}

extension PrinterConfiguration {
    /// The printer a board declares (its drawer, if any, on the printer's port).
    public init(board: Board) {
        let settings = board.device(.printer)?.printer
        let drawer = board.device(.drawer)?.drawer
        self.init(
            paperWidthDots: settings?.paperWidthDots ?? 384,
            columns: settings?.columns ?? 32,
            chineseMode: settings?.chineseModeCommands ?? true,
            hasCutter: settings?.hasCutter ?? true,
            drawerPin: drawer?.pin,
            drawerPulseMs: drawer?.pulseMs ?? 100,
            hasAutomaticStatusBack: settings?.automaticStatusBack ?? false,
            queueLimit: board.limits.printQueueDepth)
    }
}
