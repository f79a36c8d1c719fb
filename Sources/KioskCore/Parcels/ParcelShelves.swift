/// The station's parcel shelves as the board lays them out, and the choice of a slot for a new parcel.
public struct ParcelShelves: Sendable, Equatable {
    /// 1–9 shelves.
    public let shelves: Int
    /// 1–9 layers on each shelf.
    public let layers: Int
    /// Parcels one layer holds.
    public let parcelsPerLayer: Int

    public init(shelves: Int, layers: Int, parcelsPerLayer: Int) {
        precondition((1...9).contains(shelves) && (1...9).contains(layers) && parcelsPerLayer > 0,
                     "shelves and layers are 1–9, a layer holds at least one parcel")
        precondition(shelves * layers * parcelsPerLayer < 10_000,
                     "every parcel on the shelves needs a sequence number of its own (0–9999)")
        self.shelves = shelves
        self.layers = layers
        self.parcelsPerLayer = parcelsPerLayer
    }

    /// How many parcels the shelves hold.
    public var capacity: Int { shelves * layers * parcelsPerLayer }

    /// The slot for the next parcel: the first layer (shelf by shelf, top layer first) with room, and the
    /// first sequence number after `lastSequence` (wrapping after 9999) that no parcel on the shelves
    /// holds — a code is never reused while a parcel holds it. nil when every layer is full.
    ///
    /// - Parameters:
    ///   - occupied: the slots of the parcels on the shelves (held or waiting to be returned).
    ///   - lastSequence: the sequence number given last (-1 before the first parcel).
    public func assign(occupied: [ShelfSlot], lastSequence: Int) -> ShelfSlot? {
        guard occupied.count < capacity else { return nil }
        var perLayer = [Int](repeating: 0, count: shelves * layers)
        var held = Set<Int>(minimumCapacity: occupied.count)
        for slot in occupied {
            held.insert(slot.sequence)
            if slot.shelf <= shelves, slot.layer <= layers {
                perLayer[(slot.shelf - 1) * layers + slot.layer - 1] += 1
            }
        }
        guard let layerIndex = perLayer.firstIndex(where: { $0 < parcelsPerLayer }) else { return nil }
        var sequence = (lastSequence + 1) % 10_000
        while held.contains(sequence) {
            sequence = (sequence + 1) % 10_000
        }
        return ShelfSlot(shelf: layerIndex / layers + 1, layer: layerIndex % layers + 1, sequence: sequence)
    }
}

/// How long a carrier's parcels wait on the shelves, and what is due for a parcel at an instant.
public struct ParcelHoldPolicy: Sendable, Equatable {
    public static let dayMs: Int64 = 86_400_000
    /// The days a board or the county may hold a carrier's parcels.
    public static let allowedDays = 1...30
    /// Days a parcel of a carrier not named in `daysByCarrier` is held.
    public let defaultDays: Int
    public let daysByCarrier: [Carrier: Int]

    public init(defaultDays: Int = 3, daysByCarrier: [Carrier: Int] = [:]) {
        precondition(defaultDays >= 1 && daysByCarrier.values.allSatisfy { $0 >= 1 }, "a parcel is held at least a day")
        self.defaultDays = defaultDays
        self.daysByCarrier = daysByCarrier
    }

    public func holdDays(_ carrier: Carrier) -> Int { daysByCarrier[carrier] ?? defaultDays }

    /// When the hold of a parcel of `carrier` that arrived at `arrivedMs` ends.
    public func expiresAtMs(_ carrier: Carrier, arrivedMs: Int64) -> Int64 {
        arrivedMs + Int64(holdDays(carrier)) * Self.dayMs
    }

    /// What is due at `nowMs` for a parcel on the shelf whose hold, fixed when it arrived, ends at
    /// `expiresMs`: nothing, the reminder (on the day before its hold ends, once, for a hold longer than
    /// a day), or its return (the hold is over). A policy changed since it arrived does not move it.
    public static func due(arrivedMs: Int64, expiresMs: Int64, reminded: Bool, nowMs: Int64) -> ParcelDue {
        if nowMs >= expiresMs { return .expire }
        if !reminded, nowMs >= expiresMs - dayMs, expiresMs - arrivedMs > dayMs { return .remind }
        return .nothing
    }
}

/// What the hold policy asks for a parcel on the shelf.
public enum ParcelDue: Sendable, Equatable {
    case nothing
    /// Send the villager a reminder: the hold ends tomorrow.
    case remind
    /// The hold is over: the parcel goes on the return list for its courier.
    case expire
}

/// Where a parcel stands. Stored as its raw value.
public enum ParcelState: String, Sendable, Equatable, CaseIterable {
    /// On the shelf, waiting for its villager.
    case onShelf = "on_shelf"
    /// Handed over to the villager (or a neighbour with the code).
    case pickedUp = "picked_up"
    /// Its hold ended: on the return list, still on the shelf until the courier takes it.
    case returning
    /// The courier took it back.
    case returned
}
