import ArgumentParser
import Glibc
import KioskShell
import KioskStore
import Logging

/// `kiosk shell`: the maintenance shell in this terminal — attached to the running kiosk when one listens
/// on the data directory's socket, else standalone on the database.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open the maintenance shell (维护控制台).",
        discussion: """
            Attaches to the running kiosk through <data-dir>/shell.sock. When no kiosk answers there, runs \
            standalone on the database: status, orders, payments, db, config, audit and time work; printer, \
            devices and reboot need the running kiosk. Log in with a PIN set by `kiosk tech add`.
            """
    )

    @OptionGroup var storage: DataDirectoryOptions

    @Option(help: ArgumentHelp("Attach to this socket only (no standalone fallback).", valueName: "path"))
    var socket: String?

    func run() throws {
        try reportingFailures {
            let socketPath = socket ?? ShellServer.socketPath(dataDirectory: storage.dataDir)
            do {
                let connection = try ShellClient.connect(socketPath: socketPath)
                try inRawTerminal { ShellClient.relay(socket: connection, inputFD: 0, outputFD: 1) }
                return
            } catch {
                if socket != nil { throw CommandFailure("no kiosk answers: \(error)") }
            }
            let database = try storage.openDatabase()
            defer { try? database.close() }
            let store = SQLiteShellStore(database: database)
            let host = StandaloneHost(database: database)
            let environment = ShellEnvironment(
                host: host, accounts: store, audit: store,
                configuration: ShellConfiguration().applying(settingsFrom: host)
            )
            // Session start/end notices would land in the middle of the technician's screen.
            var quietLogger = Logger(label: "kiosk.shell")
            quietLogger.logLevel = .warning
            try inRawTerminal {
                ShellServer(environment: environment, logger: quietLogger).serveOnCurrentThread(inputFD: 0, outputFD: 1)
            }
        }
    }

    /// Runs `body` with standard input in raw mode when it is a terminal, restoring it afterwards.
    private func inRawTerminal(_ body: () -> Void) throws {
        guard isatty(0) == 1 else {
            body()
            return
        }
        let saved = try TerminalMode.makeRaw(0, path: "stdin")
        defer {
            TerminalMode.restore(0, saved)
            print("")
        }
        body()
    }
}
