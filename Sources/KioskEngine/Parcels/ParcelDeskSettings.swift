import KioskBoard
import KioskCore

/// The parcel desk's settings, from the board's `parcels:` section.
public struct ParcelDeskSettings: Sendable, Equatable {
    public var shelves: ParcelShelves
    public var hold: ParcelHoldPolicy
    /// Whether villagers get a text message (a modem or the simulated port); without, a slip is printed.
    public var sendsMessages: Bool
    /// Parcel events (a courier's drop or a pickup) per 100 customers of a generated day.
    public var generatedPerHundredCustomers: Int

    public init(shelves: ParcelShelves, hold: ParcelHoldPolicy, sendsMessages: Bool, generatedPerHundredCustomers: Int = 0) {
        self.shelves = shelves
        self.hold = hold
        self.sendsMessages = sendsMessages
        self.generatedPerHundredCustomers = generatedPerHundredCustomers
    }

    public init(board: Board) {
        let settings = board.parcels
        var byCarrier: [Carrier: Int] = [:]
        for (name, days) in settings.holdDaysByCarrier {
            if let carrier = Carrier(name: name) { byCarrier[carrier] = days }
        }
        self.init(shelves: ParcelShelves(shelves: settings.shelves, layers: settings.layers,
                                         parcelsPerLayer: settings.parcelsPerLayer),
                  hold: ParcelHoldPolicy(defaultDays: settings.holdDays, daysByCarrier: byCarrier),
                  sendsMessages: settings.notification != .slip,
                  generatedPerHundredCustomers: settings.generatedPerHundredCustomers)
    }
}
