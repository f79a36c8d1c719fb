import ArgumentParser
import KioskBoard
import KioskStore
import Logging

/// The options every station command shares: which board, which data directory, how much logging.
struct StationOptions: ParsableArguments {
    @Option(name: .long, help: "The board (a folder under boards/).")
    var board: String = BoardLoader.defaultBoardName

    @Option(name: .long, help: "The folder holding the boards (default: $KIOSK_BOARDS_DIR, ./boards, or beside the binary).")
    var boardsDir: String?

    @Option(name: .long, help: "Where the station's database lives (default: $KIOSK_DATA_DIR, else ./kiosk-data).")
    var dataDir: String = DataDirectory.defaultPath()

    @Option(name: .long, help: """
        trace, debug, info, notice, warning, error or critical (default: the level stored with the shell's \
        `log level`, else info).
        """)
    var logLevel: Logger.Level?

    /// Loads and validates the chosen board; a broken board is a one-line error and exit code 2.
    func loadBoard() throws -> Board {
        do {
            return try BoardLoader.locate(explicit: boardsDir).load(board)
        } catch {
            throw CommandFailure(String(describing: error), exitCode: 2)
        }
    }

    /// A logger writing to standard error at the chosen level.
    func makeLogger(label: String) -> Logger {
        LoggingBootstrap.bootstrapOnce()
        var logger = Logger(label: label)
        logger.logLevel = logLevel ?? .info
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
