/// The capacities the machine reserves memory for, from the board (`board.yaml`).
///
/// Everything the core ever stores is allocated once from these numbers when a
/// ``KioskMachine`` is created; a full table is a refusal, never growth.
public struct CoreLimits: Hashable, Sendable {
    /// Orders in the table: the counter's work (orders being rung up or paid) always has a slot; paid
    /// orders waiting for their goods or the printer, and final ones, stay only while their slot is not
    /// needed, and are loaded back from the store when an event names them.
    public let maxOpenOrders: Int
    /// Lines in one order, voided lines included.
    public let maxLinesPerOrder: Int
    /// Payment-code charges in flight at once (pending, being queried or reversed).
    public let maxPendingPayments: Int
    /// Station credit (赊账) accounts.
    public let maxCreditAccounts: Int

    /// The range each limit must fall in.
    public static let allowedOpenOrders = 1 ... 4096
    /// The range `maxLinesPerOrder` must fall in.
    public static let allowedLinesPerOrder = 1 ... 1024
    /// The range `maxPendingPayments` must fall in.
    public static let allowedPendingPayments = 1 ... 1024
    /// The range `maxCreditAccounts` must fall in (0: the station gives no credit).
    public static let allowedCreditAccounts = 0 ... 65536

    /// A village station: 16 open orders, 64 lines, 8 pending payments, 256 credit accounts.
    public static let standard = try! CoreLimits(
        maxOpenOrders: 16, maxLinesPerOrder: 64, maxPendingPayments: 8, maxCreditAccounts: 256
    )

    /// Validated limits; throws when one is outside its allowed range (e.g. 0 lines per order).
    public init(maxOpenOrders: Int, maxLinesPerOrder: Int, maxPendingPayments: Int, maxCreditAccounts: Int)
        throws(CoreLimitsError)
    {
        try Self.check(.maxOpenOrders, maxOpenOrders, Self.allowedOpenOrders)
        try Self.check(.maxLinesPerOrder, maxLinesPerOrder, Self.allowedLinesPerOrder)
        try Self.check(.maxPendingPayments, maxPendingPayments, Self.allowedPendingPayments)
        try Self.check(.maxCreditAccounts, maxCreditAccounts, Self.allowedCreditAccounts)
        self.maxOpenOrders = maxOpenOrders
        self.maxLinesPerOrder = maxLinesPerOrder
        self.maxPendingPayments = maxPendingPayments
        self.maxCreditAccounts = maxCreditAccounts
    }

    private static func check(_ limit: CoreLimitsError.Limit, _ value: Int, _ allowed: ClosedRange<Int>)
        throws(CoreLimitsError)
    {
        guard allowed.contains(value) else { throw CoreLimitsError(limit: limit, value: value, allowed: allowed) }
    }

    /// Bytes the machine reserves for these limits: every table, at its full size.
    public var reservedBytes: Int {
        MemoryLayout<Order>.stride * maxOpenOrders
            + MemoryLayout<OrderLine>.stride * maxOpenOrders * maxLinesPerOrder
            + MemoryLayout<PendingPayment?>.stride * maxPendingPayments
            + MemoryLayout<CreditAccount>.stride * maxCreditAccounts
            + MemoryLayout<CoreEffect>.stride * EffectList.capacity
    }
}

/// A limit outside its allowed range.
public struct CoreLimitsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which limit.
    public enum Limit: String, Sendable {
        case maxOpenOrders, maxLinesPerOrder, maxPendingPayments, maxCreditAccounts
    }

    /// Which limit was wrong.
    public let limit: Limit
    /// The value given.
    public let value: Int
    /// The values accepted.
    public let allowed: ClosedRange<Int>

    public var description: String {
        "\(limit.rawValue) is \(value), must be \(allowed.lowerBound)…\(allowed.upperBound)"
    }
}
