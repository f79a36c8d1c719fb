import Dispatch
import Foundation
import KioskBoard
import KioskCore
import KioskShell
import KioskSimulation
import KioskStore
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
    let session: SimulationSession
    let startedAtMs: Int64
    private var tick: (any DispatchSourceTimer)?
    private var shellServer: ShellServer?
    private let shutdown: ShutdownSignal
    /// The newest log lines, for the shell's `log tail`.
    public let recentLog: RecentLogLines
    /// Set by the shell's `reboot`: the caller starts the station again after it stops.
    public private(set) var restartRequested = false

    /// Boots the station: opens the store in `dataDirectory`, recovers from the journal.
    public init(board: Board, dataDirectory: String, logger: Logger, recentLog: RecentLogLines,
                shutdown: ShutdownSignal = ShutdownSignal()) throws {
        self.recentLog = recentLog
        guard board.isFullySimulated else { throw StationError.hardwareNotWired(board.name) }
        self.board = board
        self.logger = logger
        self.shutdown = shutdown
        startedAtMs = Self.wallClockMs()
        session = try SimulationSession(
            board: board, dataDirectory: dataDirectory,
            receiptsDirectory: dataDirectory + "/receipts", keepsGatewayLedger: true, logger: logger,
            echo: { text in logger.notice("\(text)", metadata: ["display": "operator"]) })
        session.advance(toMs: startedAtMs)
    }

    /// Starts the clock tick and the shell; returns what the operator or technician should be told
    /// (e.g. the PTY to connect to).
    public func start(seedCatalogFrom catalogPath: String?) throws -> [String] {
        if let catalogPath, FileManager.default.fileExists(atPath: catalogPath) {
            try session.seedCatalogIfEmpty(from: catalogPath)
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.session.advance(toMs: Self.wallClockMs())
        }
        timer.resume()
        tick = timer
        return try startShell()
    }

    private func startShell() throws -> [String] {
        let host = StationShellHost(station: self)
        let store = SQLiteShellStore(writer: session.database.pool)
        var configuration = ShellConfiguration(
            historyCapacity: board.limits.shellHistory, idleTimeout_ms: Int64(board.limits.shellIdleTimeoutS) * 1000,
            language: board.station.locale == .english ? .english : .chinese)
        configuration = configuration.applying(settingsFrom: host)
        let server = ShellServer(environment: ShellEnvironment(host: host, accounts: store, audit: store,
                                                               configuration: configuration),
                                 logger: logger)
        var notes: [String] = []
        let socket = ShellServer.socketPath(dataDirectory: session.dataDirectory)
        try server.listen(socketPath: socket)
        notes.append("shell: `kiosk shell --data-dir \(session.dataDirectory)` attaches at \(socket)")
        switch board.shell {
        case .pty:
            notes.append("shell: connect a terminal to \(try server.openPseudoTerminal()) (e.g. picocom)")
        case .serial(let path, let baud):
            try server.attachSerialPort(path: path, baudRate: baud)
            notes.append("shell: serial \(path) at \(baud) baud, 8N1")
        case .none:
            break
        }
        shellServer = server
        return notes
    }

    /// Hands an input to the engine, in order with every other input.
    public func submit(_ input: StationInput) {
        queue.async {
            self.session.engine.handle(input, nowMs: max(self.session.clockMs, Self.wallClockMs()))
        }
    }

    /// A scenario step typed at the counter console (sim board): runs on the engine's queue.
    public func perform(_ step: ScenarioStep) -> String? {
        queue.sync {
            session.advance(toMs: Self.wallClockMs())
            do {
                try session.perform(step, file: "counter")
                return nil
            } catch {
                return String(describing: error)
            }
        }
    }

    /// Runs `body` on the engine's queue (the shell's reads and commands).
    func onEngine<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }

    /// Blocks until SIGINT, SIGTERM or the shell's `shutdown`; then stops the shell and closes the store.
    public func runUntilShutdown() throws {
        logger.info("station ready", metadata: [
            "board": "\(board.name)", "station": "\(board.station.stationID)",
            "reserved_bytes": "\(session.configuration.limits.reservedBytes)",
            "recovered_events": "\(session.engine.recovery.eventsReplayed)",
        ])
        let signalName = shutdown.wait()
        logger.info("stopping", metadata: ["signal": "\(signalName)"])
        shellServer?.stop()
        try queue.sync {
            tick?.cancel()
            try session.close()
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

/// Why a station could not start.
public enum StationError: Error, CustomStringConvertible {
    case hardwareNotWired(String)

    public var description: String {
        switch self {
        case .hardwareNotWired(let name):
            "board \(name) has USB devices: `kiosk run` drives simulated boards only in this version; "
                + "test the hardware with `kiosk usb list`, `kiosk scanner listen` and `kiosk printer test`"
        }
    }
}
