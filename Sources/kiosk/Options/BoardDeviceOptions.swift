import ArgumentParser
import KioskBoard
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator

/// `--board NAME`: take a device's USB id and settings from a board file instead of typing them.
struct BoardDeviceOptions: ParsableArguments {
    @Option(name: .long, help: "Take the device from this board (a folder under boards/), e.g. generic-58mm.")
    var board: String?

    @Option(name: .long, help: "The folder holding the boards.")
    var boardsDir: String?

    /// The board, when `--board` was given; a broken board is a one-line error.
    func loadBoard() throws -> Board? {
        guard let board else { return nil }
        do {
            return try BoardLoader.locate(explicit: boardsDir).load(board)
        } catch {
            throw CommandFailure(String(describing: error), exitCode: 2)
        }
    }

    /// The board's device for `role`, which must be on USB.
    func usbMatch(_ board: Board, _ role: DeviceRole) throws -> USBDeviceMatch {
        let match = role == .printer ? BoardDevices.printerMatch(board) : BoardDevices.hidMatch(board, role)
        guard let match else {
            let connection = board.device(role).map { "\($0.connection)" } ?? "none"
            throw CommandFailure("board \(board.name): the \(role.rawValue) is not a USB device (\(connection))"
                                 + (board.isFullySimulated ? "; try `kiosk sim`" : ""))
        }
        return match
    }
}
