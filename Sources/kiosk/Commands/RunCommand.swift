import ArgumentParser
import Foundation
import KioskAcquirers
import KioskBoard
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import KioskStore
import Logging

/// `kiosk run`: the station itself.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the station: load the board, open the store, recover, start the devices and the shell.",
        discussion: """
            Stops cleanly on SIGINT (Ctrl-C) or SIGTERM, or the shell's `shutdown`; the shell's `reboot`
            starts it again. On the sim board the terminal is the counter: type a barcode and Enter, or a
            scenario step (docs/scenarios.md); lines piped in are read the same way. The operator's screen is
            served on the board's address and port (printed at start). Under systemd (Type=notify) it says
            when it is ready and pings the watchdog from its event loop.
            """
    )

    @OptionGroup var station: StationOptions

    @Option(name: .long, help: ArgumentHelp(stringLiteral: AcquirerFileOption.help))
    var acquirer: String?
    @Option(name: .long, help: ArgumentHelp(stringLiteral: PayeeFileOption.help))
    var payee: String?
    @Option(help: "Serve the operator's screen on this port instead of the board's (0: any free port).")
    var screenPort: Int?

    func run() throws {
        try reportingFailures {
            let board = try station.loadBoard()
            let acquirerFile = try acquirer.map(AcquirerFileOption.load)
            let payeeFile = try payee.map(PayeeFileOption.load)
            let recentLog = RecentLogLines()
            LoggingBootstrap.bootstrapOnce(recentLog: recentLog)
            let logger = station.makeLogger(label: "kiosk")
            // Checked before the database is opened: opening a lost one would start a new station.
            try DamagedDatabaseGate.refuseDamaged(dataDirectory: station.dataDir)
            // One station per data directory, for as long as this process runs (the kernel lets go if it dies).
            let claim = try DataDirectoryLock.acquire(dataDirectory: station.dataDir)
            defer { claim.release() }
            let running: Station
            do {
                running = try Station(board: board, dataDirectory: station.dataDir, logger: logger, recentLog: recentLog,
                                      acquirer: acquirerFile, payee: payeeFile)
            } catch {
                throw CommandFailure(String(describing: error))
            }
            if station.logLevel == nil, let stored = running.storedLogLevel {
                LogLevelControl.shared.level = stored
                logger.notice("log level \(stored), as stored with the shell's `log level`")
            }
            let catalog = try BoardLoader.locate(explicit: station.boardsDir).boardsDirectory
                .appendingPathComponent(board.name).appendingPathComponent("catalog.csv").path
            for note in try running.start(seedCatalogFrom: catalog, screenPort: screenPort) {
                logger.notice("\(note)")
            }
            if isatty(0) == 1 || Self.standardInputIsPipe() {
                Thread.detachNewThread { CounterInput(station: running).readLines() }
            }
            try running.runUntilShutdown()
            if running.restartRequested {
                logger.notice("restarting at the shell's request")
                Self.restartProcess()
            }
        }
    }

    /// Whether lines are piped in (a test at the counter); under systemd standard input is /dev/null.
    private static func standardInputIsPipe() -> Bool {
        var status = stat()
        return fstat(0, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO
    }

    /// Replaces this process with a fresh `kiosk` with the same arguments (the shell's `reboot`).
    private static func restartProcess() {
        let arguments = CommandLine.arguments
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv(arguments[0], &cArguments)
    }
}

/// The terminal as the counter of a simulated station run by `kiosk run`.
struct CounterInput {
    let station: Station

    func readLines() {
        print("counter: \(CounterLine.help)")
        var number = 0
        while let line = readLine() {
            number += 1
            if let seconds = Self.hangLoopSeconds(line) {
                if let problem = station.hangLoopForWatchdogCheck(seconds: seconds) { print("  ! \(problem)") }
                continue
            }
            do {
                for step in try CounterLine.steps(line, number: number) {
                    if let problem = station.perform(step) { print("  ! \(problem)") }
                }
            } catch {
                print("  ! \(error)")
            }
        }
    }

    /// `debug hang-loop SECONDS`: hold the station's loop on purpose, to see systemd's watchdog fire.
    static func hangLoopSeconds(_ line: String) -> Int? {
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "debug", words[1] == "hang-loop" else { return nil }
        return Int(words[2]) ?? 0
    }
}
