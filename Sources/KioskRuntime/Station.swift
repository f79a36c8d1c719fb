import KioskAcquirers
import KioskEngine
import KioskHardware
import KioskSimulator
import Dispatch
import Foundation
import KioskBoard
import KioskCore
import KioskShell
import KioskSimulation
import KioskStore
import KioskScreen
import KioskUplink
import Logging

/// One running station (`kiosk run`): the engine on its own serial queue, a clock tick for gateway
/// timers, the maintenance shell on its transports, and the counter's devices.
///
/// Every input — a scan, a key, a shell command that changes an order — reaches the engine through
/// ``submit(_:)`` on one queue, so the core sees one event at a time in a total order.
public final class Station: @unchecked Sendable {
    public let board: Board
    let logger: Logger
    let queue = DispatchQueue(label: "kiosk.station")
    private let counter: Counter
    /// The payment gateway: the acquirer given with `--acquirer`; else the simulated one on the sim
    /// board, and none on a hardware board (payment codes are refused there).
    let gateway: (any PaymentGatewayPort)?
    /// Whether `gateway` is a real acquirer: called off the loop (it may wait on the network), where the
    /// simulated one is touched only on the loop.
    let gatewayIsRemote: Bool
    let startedAtMs: Int64
    private var tick: (any DispatchSourceTimer)?
    private var ticks = 0
    private var shellServer: ShellServer?
    /// The uplink worker, when the station is enrolled with a county hub: beside the loop, never on it.
    private var uplink: Task<Void, Never>?
    /// The down-link's poller, beside the uplink.
    private var downlink: Task<Void, Never>?
    /// The county's produce price list once applied, read from the store on first use (on the loop).
    var countyProduceTables: (ProducePriceTable, ContainerTares)??
    private let backups: BackupScheduler
    private let shutdown: ShutdownSignal
    /// The newest log lines, for the shell's `log tail`.
    public let recentLog: RecentLogLines
    /// Set by the shell's `reboot`: the caller starts the station again after it stops.
    public private(set) var restartRequested = false
    /// systemd's side: readiness, the watchdog, stopping (does nothing outside systemd).
    let notifier: SystemdNotifier
    var watchdog: (any DispatchSourceTimer)?
    /// The operator's screen, once started; and the state last pushed to it (on the loop).
    var screen: ScreenServer?
    var lastScreenState: ScreenState?
    /// The page the operator has open on the screen (on the loop).
    var screenView = ScreenAction.ScreenView.counter
    /// The upload's progress as the screen shows it, read from the store every few seconds rather than at
    /// each scan (on the loop).
    var uplinkShown: ScreenState.UplinkView?

    /// Simulated devices (the sim board) or USB devices (every other board).
    private enum Counter {
        case simulated(SimulationSession)
        case hardware(HardwareCounter)
    }

    /// Boots the station: opens the store in `dataDirectory` and recovers from the journal. Code payments
    /// go to the acquirer `acquirer` configures (its keys read now), else to the simulated gateway on the
    /// sim board; a hardware board without one refuses payment codes. On a hardware board, produce is paid
    /// to farmers' accounts by the Alipay app `payee` configures, else in cash only (the sim board's payee
    /// is simulated).
    public init(board: Board, dataDirectory: String, logger: Logger, recentLog: RecentLogLines,
                shutdown: ShutdownSignal = ShutdownSignal(), acquirer: AcquirerConfiguration? = nil,
                payee: AcquirerConfiguration? = nil, notifier: SystemdNotifier = SystemdNotifier()) throws {
        self.recentLog = recentLog
        self.notifier = notifier
        self.board = board
        self.logger = logger
        self.shutdown = shutdown
        startedAtMs = Self.wallClockMs()
        let realAcquirer = try acquirer?.makeAcquirer(logger: logger)
        gatewayIsRemote = realAcquirer != nil
        if let acquirer {
            logger.notice("payment gateway: acquirer \(acquirer.summary)")
        }
        if board.isFullySimulated {
            if payee != nil { logger.warning("--payee is for hardware boards: the sim board pays farmers through its simulated payee") }
            let session = try SimulationSession(
                board: board, dataDirectory: dataDirectory,
                receiptsDirectory: dataDirectory + "/receipts", keepsGatewayLedger: realAcquirer == nil,
                acquirer: realAcquirer, logger: logger,
                echo: { text in logger.notice("\(text)", metadata: ["display": "operator"]) })
            session.advance(toMs: startedAtMs)
            counter = .simulated(session)
            gateway = realAcquirer ?? session.gateway
            backups = BackupScheduler(database: session.database, kept: board.limits.backupsKept)
        } else {
            let loop = HardwareLoop(queue: queue)
            let startedAtMs = startedAtMs
            if realAcquirer == nil {
                logger.warning("payment gateway: no acquirer is configured (--acquirer FILE): payment codes are refused at the counter; cash and station credit work")
            }
            gateway = realAcquirer
            let biller = AgentServiceBillerPort.fromEnvironment(stationID: board.station.stationID, logger: logger)
            let payeePort = try payee?.makePayee(logger: logger)
            if let payee {
                logger.notice("produce payouts: Alipay transfers from \(payee.summary)")
            }
            let hardware = try queue.sync {
                let hardware = try HardwareCounter(board: board, dataDirectory: dataDirectory, gateway: realAcquirer, biller: biller,
                                                   payee: payeePort, logger: logger, nowMs: startedAtMs, hop: loop.hop)
                loop.engine = hardware.engine
                return hardware
            }
            counter = .hardware(hardware)
            backups = BackupScheduler(database: hardware.database, kept: board.limits.backupsKept)
            loop.afterTurn = { [weak self] in self?.publishScreenState() }
        }
        queue.sync { useAppliedCountyDocuments() }
    }

    // MARK: What the shell and the run loop need

    var engine: StationEngine {
        switch counter {
        case .simulated(let session): session.engine
        case .hardware(let hardware): hardware.engine
        }
    }

    /// The produce purchase being put together at the shell, priced by the board's tables (on the loop).
    private var produceDeskCounter: ProduceDeskCounter?

    /// The shell's produce desk, made on first use and again when the board's price list changed.
    func produceCounter(prices: ProducePriceTable, tares: ContainerTares) -> ProduceDeskCounter {
        if let counter = produceDeskCounter, counter.desk.prices == prices, counter.desk.tares == tares { return counter }
        let counter = ProduceDeskCounter(desk: ProduceDeskService(engine: engine, database: database, prices: prices, tares: tares))
        produceDeskCounter = counter
        return counter
    }

    /// The board scale's latest weight on a hardware board; nil on the sim board (its scale is simulated).
    var boardScaleWeights: LatestScaleWeight? {
        switch counter {
        case .simulated: nil
        case .hardware(let hardware): board.device(.scale) == nil ? nil : hardware.devices.scaleWeights
        }
    }

    /// Whether no produce purchase is being put together at the shell or the screen (on the loop).
    var produceDraftIsEmpty: Bool {
        produceDeskCounter.map { $0.draft == ProducePurchaseDraft() } ?? true
    }

    /// Why no weight was taken for a purchase.
    struct ProduceWeighProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// The stable weight for a produce purchase (on the loop): on the sim board from the simulated scale,
    /// after `placingGrams` is put on its pan; on hardware the board scale's weight taken since the last
    /// one was used (a typed weight is refused there).
    func weighProduce(placingGrams grams: Int64?) -> Result<Int64, ProduceWeighProblem> {
        switch counter {
        case .simulated(let session):
            guard let taken = session.takeProduceWeight(placingGrams: grams) else {
                return .failure(ProduceWeighProblem(description: "no stable weight on the scale: produce weigh GRAMS puts goods on the simulated pan (秤上没有稳定重量)"))
            }
            return .success(taken)
        case .hardware(let hardware):
            guard grams == nil else {
                return .failure(ProduceWeighProblem(description: "a weight is taken from the scale, never typed in (重量只能来自电子秤)"))
            }
            guard board.device(.scale) != nil else {
                return .failure(ProduceWeighProblem(description: "board \(board.name) has no scale (本站没有电子秤)"))
            }
            return hardware.devices.scaleWeights.take().mapError { ProduceWeighProblem(description: $0.description) }
        }
    }

    /// The parcel desk beside the counter.
    var parcels: ParcelDesk {
        switch counter {
        case .simulated(let session): session.parcels
        case .hardware(let hardware): hardware.parcels
        }
    }

    /// The simulated counter's session (the sim board), nil on hardware.
    var simulation: SimulationSession? {
        guard case .simulated(let session) = counter else { return nil }
        return session
    }

    /// The log level a technician stored with the shell's `log level`, if any.
    public var storedLogLevel: Logger.Level? {
        ConfigKey.named("log.level")?.accepted(try? StoredSettings.value(of: "log.level", in: database))
            .flatMap(Logger.Level.init(rawValue:))
    }

    var database: KioskDatabase {
        switch counter {
        case .simulated(let session): session.database
        case .hardware(let hardware): hardware.database
        }
    }

    var dataDirectory: String { database.dataDirectory }

    /// The time the engine works in: the wall clock (a simulated clock never runs behind it here).
    var nowMs: Int64 {
        switch counter {
        case .simulated(let session): max(session.clockMs, Self.wallClockMs())
        case .hardware: Self.wallClockMs()
        }
    }

    /// Each device of the board and its state, for `status` and `devices list`. Called from the shell's
    /// thread: the simulated printer is read on the loop, a USB one is asked by its worker.
    func deviceStates() -> [(role: DeviceRole, kind: String, state: String)] {
        switch counter {
        case .simulated(let session):
            let printer = onEngine { session.printer.printer.state }
            return board.devices.map { device in
                let state = device.role != .printer ? "ready"
                    : !printer.online ? "offline" : printer.paperOut ? "paper out" : printer.coverOpen ? "cover open" : "ready"
                return (device.role, "simulated \(device.deviceProtocol.rawValue)", state)
            }
        case .hardware(let hardware):
            return board.devices.map { device in
                let state = device.role == .printer ? (hardware.printer?.statusText() ?? "absent") : "see log"
                return (device.role, "\(device.deviceProtocol.rawValue) \(device.connection)", state)
            }
        }
    }

    /// Sends `bytes` straight to the printer (the shell's test page), bypassing the receipt queue. Called
    /// from the shell's thread: the simulated printer is touched on the loop, a USB one by its worker.
    func printDirectly(_ bytes: [UInt8]) -> PrintOutcome {
        switch counter {
        case .simulated(let session): onEngine { session.printer.print(bytes, nowMs: nowMs) }
        case .hardware(let hardware): hardware.printer?.printTestPage(bytes) ?? .held(.offline)
        }
    }

    // MARK: Life cycle

    /// The simulated printer's state in words (on the loop); nil on hardware.
    func simulatedPrinterState() -> String? {
        guard case .simulated(let session) = counter else { return nil }
        let printer = session.printer.printer.state
        return !printer.online ? "offline" : printer.paperOut ? "paper-out" : printer.coverOpen ? "cover-open" : "ready"
    }

    /// Starts the clock tick, the devices, the shell and the screen (on `screenPort`, else the board's);
    /// then tells systemd the station is ready and starts pinging its watchdog. Returns what the operator
    /// or technician should be told (e.g. the PTY to connect to, the screen's address).
    public func start(seedCatalogFrom catalogPath: String?, screenPort: Int? = nil) throws -> [String] {
        if case .simulated(let session) = counter, let catalogPath, FileManager.default.fileExists(atPath: catalogPath) {
            try session.seedCatalogIfEmpty(from: catalogPath)
        }
        if case .hardware(let hardware) = counter {
            hardware.devices.start(board: board) { [weak self] input in self?.submit(input) }
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler { [weak self] in self?.onTick() }
        timer.resume()
        tick = timer
        var notes = try startShell() + startUplink()
        queue.sync {
            refreshUplinkShown()
            // The county's produce prices, if applied before this start, price the desks from the first purchase.
            _ = produceTables()
        }
        notes.append(startScreen(port: screenPort))
        startWatchdog()
        notifier.ready(status: "station \(board.station.stationID) ready; recovered \(engine.recovery.eventsReplayed) events")
        return notes
    }

    /// Starts uploading the journal to the county hub, if `kiosk enrol` named one. A station that cannot
    /// upload still sells: the problem is logged and shown in `status`.
    private func startUplink() -> [String] {
        do {
            guard let client = try UplinkSetup.client(database: database) else { return [] }
            let worker = UplinkWorker(client: client, clock: WallUplinkClock(), random: UplinkSetup.systemSeededRandom())
            uplink = Task.detached { await worker.run() }
            if let documents = try UplinkSetup.downlinkClient(database: database, check: CountyDocumentCheck.problem) {
                let poller = DownlinkPoller(client: documents, clock: WallUplinkClock())
                let logger = logger
                downlink = Task.detached {
                    await poller.run(random: UplinkSetup.systemSeededRandom()) { outcome in Self.log(outcome, logger) }
                }
            }
            return ["uplink: uploading the journal to the county hub and fetching its documents (`kiosk uplink status`)"]
        } catch {
            logger.error("uplink not started: \(error)")
            return []
        }
    }

    /// Every 200 ms: gateway answers and timeouts fall due; every 5 s a held receipt is tried again
    /// (paper may have been loaded without the printer telling anyone); every minute the daily
    /// backup is made if today's is missing.
    private func onTick() {
        ticks += 1
        switch counter {
        case .simulated(let session): session.advance(toMs: Self.wallClockMs())
        case .hardware(let hardware): hardware.engine.advance(toMs: Self.wallClockMs())
        }
        if ticks % 25 == 0 {
            refreshUplinkShown()
            applyCountyDocuments()
        }
        if ticks % 25 == 0, engine.hasHeldReceipts {
            // Paper may have been loaded without the printer telling anyone.
            engine.handle(.printerReady, nowMs: nowMs)
        }
        if ticks % 300 == 1 {
            backUpIfDue()
        }
        if ticks % 300 == 2 {
            // Reminders for holds ending tomorrow, and parcels whose hold ended onto the return list.
            parcels.runHolds(nowMs: nowMs)
        }
        publishScreenState()
    }

    private func backUpIfDue() {
        do {
            if let path = try backups.runIfDue(nowMs: Self.wallClockMs()) {
                logger.info("daily backup made", metadata: ["path": "\(path)"])
            }
        } catch {
            logger.error("daily backup failed: \(error)")
        }
    }

    private func startShell() throws -> [String] {
        let host = StationShellHost(station: self)
        let store = SQLiteShellStore(database: database)
        var configuration = ShellConfiguration(
            historyCapacity: board.limits.shellHistory, idleTimeout_ms: Int64(board.limits.shellIdleTimeoutS) * 1000,
            language: board.station.locale == .english ? .english : .chinese)
        configuration = configuration.applying(settingsFrom: host)
        let server = ShellServer(environment: ShellEnvironment(host: host, accounts: store, audit: store,
                                                               configuration: configuration,
                                                               contributions: host.commands),
                                 logger: logger)
        var notes: [String] = []
        let socket = ShellServer.socketPath(dataDirectory: dataDirectory)
        try server.listen(socketPath: socket)
        notes.append("shell: `kiosk shell --data-dir \(dataDirectory)` attaches at \(socket)")
        switch board.shell {
        case .pty:
            notes.append("shell: connect a terminal to \(try server.openPseudoTerminal()) (e.g. picocom)")
        case .serial(let path, let baud):
            do {
                if try server.keepSerialPort(path: path, baudRate: baud) {
                    notes.append("shell: serial \(path) at \(baud) baud, 8N1 (opened again if the cable is unplugged)")
                } else {
                    notes.append("shell: serial \(path) not there yet; it is opened when it appears, the socket works meanwhile")
                }
            } catch {
                notes.append("shell: serial \(path) cannot be used (\(error)); the socket still works")
            }
        case .none:
            break
        }
        shellServer = server
        return notes
    }

    /// Hands an input to the engine, in order with every other input.
    public func submit(_ input: StationInput) {
        queue.async {
            self.engine.handle(input, nowMs: self.nowMs)
            self.publishScreenState()
        }
    }

    /// A scenario step typed at the counter console (sim board only); returns a problem to show.
    public func perform(_ step: ScenarioStep) -> String? {
        queue.sync {
            guard case .simulated(let session) = counter else { return "scenario steps need the sim board" }
            session.advance(toMs: Self.wallClockMs())
            defer { publishScreenState() }
            do {
                try session.perform(step, file: "counter")
                // A power cut boots the engine and its desks again, from the board: the county's settle again too.
                if case .fault(.powerCut) = step.action { useAppliedCountyDocuments() }
                return nil
            } catch {
                return String(describing: error)
            }
        }
    }

    /// Runs `body` on the engine's queue (the shell's reads and commands).
    func onEngine<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync {
            defer { publishScreenState() }
            return try body()
        }
    }

    /// Blocks until SIGINT, SIGTERM or the shell's `shutdown`; then stops the shell and closes the store.
    public func runUntilShutdown() throws {
        logger.info("station ready", metadata: [
            "board": "\(board.name)", "station": "\(board.station.stationID)",
            "reserved_bytes": "\(engine.configuration.limits.reservedBytes)",
            "recovered_events": "\(engine.recovery.eventsReplayed)",
        ])
        let signalName = shutdown.wait()
        logger.info("stopping", metadata: ["signal": "\(signalName)"])
        notifier.stopping()
        screen?.stop()
        shellServer?.stop()
        uplink?.cancel()
        downlink?.cancel()
        try queue.sync {
            tick?.cancel()
            watchdog?.cancel()
            switch counter {
            case .simulated(let session): try session.close()
            case .hardware(let hardware): try hardware.stop(logger: logger)
            }
        }
        logger.info("stopped cleanly")
    }

    func requestShutdown() {
        shutdown.requestShutdown()
    }

    func requestRestart() {
        restartRequested = true
        shutdown.requestShutdown()
    }

    static func wallClockMs() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}

/// The loop of a station on hardware: its queue, and the engine once booted. Workers' reports hop onto
/// the queue, and the engine handles them there with the wall clock's time.
final class HardwareLoop: @unchecked Sendable {
    let queue: DispatchQueue
    /// Set on the queue, right after the engine is built there.
    var engine: StationEngine?
    /// Called on the queue after each report is handled (the screen's update).
    var afterTurn: (() -> Void)?

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    var hop: LoopHop {
        { [self] body in
            queue.async {
                let nowMs = Station.wallClockMs()
                body(nowMs)
                self.engine?.advance(toMs: nowMs)
                self.afterTurn?()
            }
        }
    }
}
