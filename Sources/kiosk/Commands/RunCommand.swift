import ArgumentParser
import KioskRuntime

/// `kiosk run`: the station itself.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the station: load the board, open the store, start the devices and the shell.",
        discussion: "Stops cleanly on SIGINT (Ctrl-C) or SIGTERM."
    )

    @OptionGroup var station: StationOptions

    func run() throws {
        try reportingFailures {
            let board = try station.loadBoard()
            let logger = station.makeLogger(label: "kiosk")
            let database = try station.openDatabase()
            let runtime: Station
            do {
                runtime = try Station(board: board, database: database, logger: logger)
            } catch {
                throw CommandFailure("\(board.name): \(error)", exitCode: 2)
            }
            try runtime.runUntilShutdown()
        }
    }
}
