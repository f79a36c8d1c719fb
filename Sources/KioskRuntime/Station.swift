import KioskBoard
import KioskCore
import KioskStore
import Logging

/// One running station: the board's devices, the store and the state machine, wired together.
///
/// `Station` is the adapter around the pure core: it turns scans, keys and gateway answers into
/// ``CoreEvent``s, commits each accepted event before any of its effects, and carries the effects out.
public final class Station: @unchecked Sendable {
    public let board: Board
    public let database: KioskDatabase
    public let limits: CoreLimits
    let logger: Logger

    /// Prepares a station: validates the board's limits against the core's and reserves the tables.
    public init(board: Board, database: KioskDatabase, logger: Logger) throws {
        self.board = board
        self.database = database
        self.limits = try CoreLimits(board: board)
        self.logger = logger
    }

    /// Runs until SIGINT or SIGTERM (or the shell's `shutdown`), then closes the store cleanly.
    public func runUntilShutdown(_ shutdown: ShutdownSignal = ShutdownSignal()) throws {
        logger.info("station ready", metadata: [
            "board": "\(board.name)",
            "station": "\(board.station.stationID)",
            "reserved_bytes": "\(limits.reservedBytes)",
        ])
        let signalName = shutdown.wait()
        logger.info("stopping", metadata: ["signal": "\(signalName)"])
        try database.close()
        logger.info("stopped cleanly")
    }
}
