import ArgumentParser
import Foundation
import KioskAcquirers
import KioskBoard
import KioskCore
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import KioskStore

/// `kiosk sim`: the station with simulated scanner, keypad, printer, drawer, gateway and clock.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the station headless with simulated devices: a scenario, a generated day, or you at the counter.",
        discussion: """
            With --scenario, runs the file's steps (docs/scenarios.md) and stops at the first failed `expect`.
            With --speed fast and no scenario, serves a generated day of --customers customers.
            Otherwise the terminal is the counter: type a barcode and Enter to scan, or any scenario step
            (`key F1`, `cash 20`, `paper out`, `power-cut`, `expect …`). Without --data-dir every run starts
            from an empty station in a temporary folder, so the same seed gives the same receipts.
            """
    )

    enum Speed: String, ExpressibleByArgument, CaseIterable {
        case realtime, fast
    }

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Option(name: .long, help: "The board (a folder under boards/).")
    var board: String = BoardLoader.defaultBoardName

    @Option(name: .long, help: "The folder holding the boards.")
    var boardsDir: String?

    @Option(name: .long, help: "Keep the station's database here (default: a fresh temporary folder).")
    var dataDir: String?

    @Option(name: .long, help: "A scenario file to run.")
    var scenario: String?

    @Option(name: .long, help: "The seed of every random choice; the same seed replays the same run.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "realtime (waits take real time) or fast.")
    var speed: Speed = .realtime

    @Option(name: .long, help: "Customers in a generated day (with --speed fast and no scenario).")
    var customers: Int = 1_000

    @Option(name: .long, help: "Chance of a fault at each step of a generated day, 0 to 1 (e.g. 0.01).")
    var faults: Double = 0

    @Flag(name: .long, help: "Continue a generated day in --data-dir from the customers already served (crash harness).")
    var resume = false

    @Option(name: .long, help: "Write each printed receipt here as a PNG picture and a text transcript.")
    var receipts: String?

    @Option(name: .long, help: "Print a report at the end: json or text.")
    var report: ReportFormat?

    @Option(name: .long, help: ArgumentHelp(stringLiteral: AcquirerFileOption.help + " Needs --speed realtime."))
    var acquirer: String?

    @Option(name: .long, help: "Write the simulated gateway's statements here at the end (wechat-YYYYMMDD.csv, alipay-YYYYMMDD.csv, one a day), for `day match`.")
    var statements: String?

    @Flag(name: .long, help: "Do not echo operator messages.")
    var quiet = false

    @Flag(name: .long, help: "Upload the journal to the enrolled hub while the station runs, then until the hub holds it all.")
    var uplink = false

    @Option(name: .long, help: "With --uplink: how long to keep uploading after the day ends, in seconds.")
    var uplinkDrainSeconds: Int = 300

    /// Crash harness only (`scripts/crashtest --power-cuts`): SQLite's writes stay in this process until
    /// synced, so a SIGKILL loses what a power cut would (PowerCutDisk).
    @Flag(name: .long, help: .hidden)
    var powerCutDisk = false

    func validate() throws {
        guard (0...1).contains(faults) else { throw ValidationError("--faults is a chance between 0 and 1") }
        guard customers >= 0 else { throw ValidationError("--customers cannot be negative") }
        if resume && dataDir == nil { throw ValidationError("--resume needs --data-dir") }
        if acquirer != nil && speed == .fast {
            throw ValidationError("--acquirer talks to a real acquirer in real time: use --speed realtime")
        }
        if uplink && dataDir == nil { throw ValidationError("--uplink needs the --data-dir of an enrolled station") }
        if uplink && powerCutDisk { throw ValidationError("--uplink runs on the plain disk") }
    }

    func run() throws {
        try reportingFailures {
            if powerCutDisk {
                // The default VFS before anything opens the database: every connection of this process uses it.
                do { try PowerCutDisk.install(asDefault: true) } catch { throw CommandFailure(String(describing: error)) }
            }
            let loader = try BoardLoader.locate(explicit: boardsDir)
            let board: Board
            do { board = try loader.load(self.board) } catch { throw CommandFailure(String(describing: error), exitCode: 2) }
            var options = StationOptions()
            options.logLevel = quiet ? .error : .notice
            let logger = options.makeLogger(label: "kiosk.sim")
            let acquirerFile = try acquirer.map(AcquirerFileOption.load)
            let realAcquirer: (any PaymentGatewayPort)?
            do { realAcquirer = try acquirerFile?.makeAcquirer(logger: logger) } catch {
                throw CommandFailure(String(describing: error), exitCode: 2)
            }
            if let acquirerFile {
                Self.say("payment gateway: acquirer \(acquirerFile.summary)", report == nil)
            }
            let directory = try dataDir ?? Self.temporaryDataDirectory()
            // Checked before the database is opened: opening a lost one would start a new station.
            try DamagedDatabaseGate.refuseDamaged(dataDirectory: directory)
            let claim = try DataDirectoryLock.acquire(dataDirectory: directory)
            defer { claim.release() }
            let session: SimulationSession
            do {
                session = try SimulationSession(
                    board: board, dataDirectory: directory, receiptsDirectory: receipts,
                    keepsGatewayLedger: realAcquirer == nil, seed: seed,
                    disk: dataDir == nil || powerCutDisk ? .powerCut : .plain, acquirer: realAcquirer, logger: logger,
                    echo: quiet ? nil : { text in Self.say("  » \(text)", report == nil) })
            } catch {
                throw CommandFailure(String(describing: error))
            }
            defer { try? session.close() }
            let catalog = loader.boardsDirectory.appendingPathComponent(board.name).appendingPathComponent("catalog.csv").path
            if FileManager.default.fileExists(atPath: catalog) {
                try session.seedCatalogIfEmpty(from: catalog)
            }
            let upload = try uplink ? SimUplink.start(dataDirectory: directory) : nil
            var served = 0
            var failedScenario: CommandFailure?
            if let scenario {
                failedScenario = try runScenario(scenario, on: session)
            } else if speed == .fast {
                served = try runGeneratedDay(on: session, catalogPath: catalog)
            } else {
                try SimCounter(session: session).run()
            }
            if let upload {
                let drained = upload.finish(drainSeconds: uplinkDrainSeconds)
                Self.say("uplink acknowledged \(drained.acknowledged) of \(drained.last)", report == nil)
                guard drained.acknowledged == drained.last else {
                    throw CommandFailure("the hub does not hold every entry (backlog \(drained.last - drained.acknowledged))")
                }
            }
            try finish(session, board: board, customers: served, failedScenario: failedScenario)
        }
    }

    /// Runs the scenario; a failed `expect` is returned (the report still prints before it is told), a
    /// file that cannot be read or parsed is thrown.
    private func runScenario(_ path: String, on session: SimulationSession) throws -> CommandFailure? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("cannot read scenario \(path)")
        }
        do {
            let parsed = try ScenarioParser.parse(text, fileName: path)
            for step in parsed.steps {
                if speed == .realtime { Self.sleepForClock(step, session: session) }
                try session.perform(step, file: path)
            }
            return nil
        } catch let failure as ScenarioFailure {
            return CommandFailure("\(failure) (replay: kiosk sim --scenario \(path) --seed \(seed))")
        } catch {
            throw CommandFailure(String(describing: error), exitCode: 2)
        }
    }

    /// Prints `line` on standard output, or on standard error while standard output carries the report.
    private static func say(_ line: String, _ toStandardOutput: Bool) {
        if toStandardOutput {
            print(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private func runGeneratedDay(on session: SimulationSession, catalogPath: String) throws -> Int {
        let barcodes = try Self.barcodes(in: catalogPath)
        guard !barcodes.isEmpty else { throw CommandFailure("the board has no catalog.csv to draw customers from") }
        let day = GeneratedDay(seed: seed, customers: customers, faultRatePerMillion: UInt64(faults * 1_000_000),
                               barcodes: barcodes)
        let first = resume ? try session.ordersStarted() : 0
        let started = DispatchTime.now().uptimeNanoseconds
        let served = try day.run(on: session, from: min(first, customers))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if !quiet || report == nil {
            FileHandle.standardError.write(Data("served \(served) customers in \(String(format: "%.2f", seconds)) s (seed \(seed))\n".utf8))
        }
        if served > 0 {
            Self.say("customers_per_s \(Int(Double(served) / max(seconds, 1e-9)))", report == nil)
        }
        return served
    }

    private func finish(_ session: SimulationSession, board: Board, customers: Int, failedScenario: CommandFailure?) throws {
        if let statements { try Self.writeStatements(of: session, to: statements) }
        let result = try SimulationReport.of(session, board: board.name, seed: seed, customers: customers)
        switch report {
        case .json: print(result.json())
        case .text: print(result.text())
        case nil: break
        }
        if let failedScenario { throw failedScenario }
        if !result.errors.isEmpty {
            throw CommandFailure("\(result.errors.count) errors in the books (replay with --seed \(seed)): \(result.errors[0])")
        }
    }

    /// The providers' statements of each business day the run went through, as the providers publish them.
    private static func writeStatements(of session: SimulationSession, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var dayMs = session.dayStartMs
        while dayMs <= session.clockMs {
            let date = DayCloseService.businessDate(atMs: dayMs)
            for provider in ProviderStatement.Provider.allCases {
                let bytes = session.gateway.statementFile(provider: provider, businessDate: date)
                let path = "\(directory)/\(provider.rawValue)-\(date).csv"
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                    throw CommandFailure("cannot write \(path)")
                }
            }
            dayMs += 86_400_000
        }
    }

    /// In realtime, `wait` and `at` steps take real time.
    private static func sleepForClock(_ step: ScenarioStep, session: SimulationSession) {
        let waitMs: Int64
        switch step.action {
        case .wait(let duration): waitMs = duration
        case .at(let timeOfDay): waitMs = max(0, session.dayStartMs + timeOfDay - session.clockMs)
        default: return
        }
        Thread.sleep(forTimeInterval: Double(min(waitMs, 60_000)) / 1000)
    }

    private static func temporaryDataDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-sim-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func barcodes(in catalogPath: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: catalogPath, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            line.split(separator: ",").first.map(String.init)
        }
    }
}

/// The terminal as the counter of `kiosk sim`; the simulated clock follows the wall clock.
struct SimCounter {
    let session: SimulationSession

    func run() throws {
        print("kiosk sim: station \(session.configuration.stationID). \(CounterLine.help). Ctrl-D ends.")
        let startedWall = Date()
        let startedClock = session.clockMs
        var number = 0
        while let line = readLine() {
            number += 1
            session.advance(toMs: startedClock + Int64(Date().timeIntervalSince(startedWall) * 1000))
            do {
                for step in try CounterLine.steps(line, number: number) {
                    try session.perform(step, file: "counter")
                }
            } catch {
                print("  ! \(error)")
            }
        }
    }
}
