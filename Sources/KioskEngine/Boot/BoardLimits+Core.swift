import KioskBoard
import KioskCore

extension CoreLimits {
    /// The state machine's limits declared by a board.
    public init(board: Board) throws {
        try self.init(
            maxOpenOrders: board.limits.maxOpenOrders,
            maxLinesPerOrder: board.limits.maxLinesPerOrder,
            maxPendingPayments: board.limits.maxPendingPayments,
            maxCreditAccounts: board.limits.maxCreditAccounts)
    }
}
