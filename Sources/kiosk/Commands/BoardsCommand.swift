import ArgumentParser
import KioskBoard
import KioskCore

/// `kiosk boards list|show`: what hardware sets this binary knows, with their resolved values.
struct BoardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boards",
        abstract: "List the supported boards, or show one with every value resolved.",
        subcommands: [List.self, Show.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the boards and what each one is.")

        @Option(name: .long, help: "The folder holding the boards.")
        var boardsDir: String?

        func run() throws {
            try reportingFailures {
                let loader = try BoardLoader.locate(explicit: boardsDir)
                for name in loader.boardNames() {
                    do {
                        let board = try loader.load(name)
                        print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(board.description)")
                    } catch {
                        print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) BROKEN: \(error)")
                    }
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a board's resolved values, including the memory its limits reserve at boot.")

        @Argument(help: "The board's name.")
        var name: String = BoardLoader.defaultBoardName

        @Option(name: .long, help: "The folder holding the boards.")
        var boardsDir: String?

        func run() throws {
            try reportingFailures {
                let board: Board
                do {
                    board = try BoardLoader.locate(explicit: boardsDir).load(name)
                } catch {
                    throw CommandFailure(String(describing: error), exitCode: 2)
                }
                print(try BoardReport(board: board).text)
            }
        }
    }
}
