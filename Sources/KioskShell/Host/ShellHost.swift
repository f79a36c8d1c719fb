import KioskStore

/// What every maintenance shell needs: the station's books and settings, which a data directory alone
/// can answer.
///
/// ``StandaloneHost`` implements it on a data directory; the runtime implements it for `kiosk run`, with
/// live numbers. Commands that need the running station (devices, voids, the clock, reboot) are not here:
/// the station contributes them, against ``DeviceControls``, ``SalesControls`` and ``SystemControls``, when
/// it builds the shell's ``ShellEnvironment``. Calls arrive on shell session threads, never on the kiosk's
/// event loop, so an implementation must be thread-safe and should answer quickly.
public protocol ShellHost: Sendable {
    /// A short name for the banner: the board name, or "standalone".
    var modeDescription: String { get }

    /// The numbers behind `status`.
    func status() throws -> StationStatus
    /// `orders list`: the newest `limit` orders, newest first.
    func recentOrders(limit: Int) throws -> [OrderListing]
    /// `orders show N`.
    func order(id: Int64) throws -> OrderDetailListing?
    /// `payments pending`: payments not yet settled, oldest first.
    func pendingPayments(limit: Int) throws -> [PaymentListing]
    /// `db check`: SQLite's integrity and foreign-key checks.
    func checkDatabase() throws -> DatabaseCheckReport
    /// `db backup`: writes a consistent copy; returns its path.
    func backupDatabase() throws -> String
    /// `db stats`.
    func databaseStats() throws -> DatabaseStats
    /// `config get KEY`: the stored value, or nil when the default applies.
    func setting(_ key: String) throws -> String?
    /// `config set KEY VALUE`: the value was already validated against ``ConfigKey``.
    func setSetting(_ key: String, value: String) throws
    /// `log level L`: stores the level, and changes it at once where a kiosk runs (validated against
    /// ``ConfigKey/logLevels``).
    func setLogLevel(_ level: String) throws
}

/// The running station's devices, for the `devices`, `printer` and `scanner` commands it contributes.
public protocol DeviceControls: Sendable {
    /// `devices list`.
    func devices() throws -> [DeviceSummary]
    /// `devices test`: exercises every device (status request, test beep…).
    func testDevices() throws -> [DeviceTestResult]
    /// `printer status`: one line per printer.
    func printerStatus() throws -> [String]
    /// `printer test`: prints a test page; returns what happened.
    func printTestPage() throws -> String
    /// `printer reprint N`: reprints order N's receipt.
    func reprintReceipt(orderID: Int64) throws -> String
    /// `scanner last`: the last code read, masked if it is a payment code; nil if none yet.
    func lastScan() throws -> String?
}

/// The running station's engine, for the `orders void` and `payments query` commands it contributes.
public protocol SalesControls: Sendable {
    /// `orders void N`: voids an order; returns what happened.
    func voidOrder(id: Int64) throws -> String
    /// `payments query N`: asks the gateway about payment N; returns its answer.
    func queryPayment(id: Int64) throws -> String
}

/// The running station's process and machine, for `log tail`, `time set`, `reboot` and `shutdown`.
public protocol SystemControls: Sendable {
    /// `log tail [N]`: the newest `lines` log lines, oldest first.
    func logTail(lines: Int) throws -> [String]
    /// `time set`: sets the system clock (ms since 1970, UTC).
    func setClock(wallTime_ms: Int64) throws
    /// `reboot`: restarts the kiosk after the session has printed its answer.
    func reboot() throws
    /// `shutdown`: stops the kiosk after the session has printed its answer.
    func shutdown() throws
}

/// Why a host could not do what a command asked.
public enum ShellHostError: Error, Equatable, Sendable {
    /// The feature needs the running kiosk (for example the printer in standalone mode).
    case notAvailable(String)
    /// The request was understood and refused or failed; the text says why.
    case failed(String)
}

/// The numbers `status` prints. Optional fields are unknown to the host (standalone mode).
public struct StationStatus: Sendable, Equatable {
    public var uptime_ms: Int64?
    public var board: String?
    public var devices: [DeviceSummary]
    public var queueDepths: [QueueDepth]
    public var openOrders: Int
    public var pendingPayments: Int
    public var diskFree_bytes: Int64?
    /// When the county hub last acknowledged the journal; nil if never.
    public var lastSync_ms: Int64?
    /// Journal entries the hub does not hold yet; nil when the station is not enrolled with a hub.
    public var uplinkBacklog: Int64?
    /// Why the last upload failed, nil when it succeeded.
    public var uplinkProblem: String?
    /// The county's documents the station holds (`catalog v3 in use since …`) and the last refused.
    public var countyDocuments: [String]

    public init(
        uptime_ms: Int64?, board: String?, devices: [DeviceSummary], queueDepths: [QueueDepth],
        openOrders: Int, pendingPayments: Int, diskFree_bytes: Int64?, lastSync_ms: Int64?,
        uplinkBacklog: Int64? = nil, uplinkProblem: String? = nil, countyDocuments: [String] = []
    ) {
        self.countyDocuments = countyDocuments
        self.uptime_ms = uptime_ms
        self.board = board
        self.devices = devices
        self.queueDepths = queueDepths
        self.openOrders = openOrders
        self.pendingPayments = pendingPayments
        self.diskFree_bytes = diskFree_bytes
        self.lastSync_ms = lastSync_ms
        self.uplinkBacklog = uplinkBacklog
        self.uplinkProblem = uplinkProblem
    }
}

/// How many items wait in one queue (outbox, print jobs, …).
public struct QueueDepth: Sendable, Equatable {
    public var name: String
    public var depth: Int
    public init(name: String, depth: Int) {
        self.name = name
        self.depth = depth
    }
}

/// One attached device.
public struct DeviceSummary: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var state: String
    public init(name: String, kind: String, state: String) {
        self.name = name
        self.kind = kind
        self.state = state
    }
}

/// The outcome of testing one device.
public struct DeviceTestResult: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String
    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

