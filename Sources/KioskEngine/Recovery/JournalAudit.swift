import KioskCore
import KioskStore

/// Checks that replaying the journal gives the stored state: each order's state and money as the
/// store holds them must be what the machine computes from the journal alone, and each stored machine
/// snapshot must be the state the whole journal gives at its entry (boot starts from one).
public struct JournalAudit {
    let database: KioskDatabase
    let configuration: StationConfiguration

    public init(database: KioskDatabase, configuration: StationConfiguration) {
        self.database = database
        self.configuration = configuration
    }

    /// One line per order whose stored row differs from the replay (empty: they agree).
    public func mismatches() throws -> [String] {
        let journal = EventJournal(database: database)
        let machine = KioskMachine(limits: configuration.limits)
        // The replayed rows of the orders the machine holds: an order leaves it when its slot is needed,
        // and is held against the store then, so the audit's memory does not grow with the journal.
        var replayed: [Int64: OrderRow] = [:]
        var journaled = OrderNumbers()
        let names = ProductNames(catalog: CatalogRepository(database: database), locale: configuration.locale,
                                 capacity: configuration.limits.maxLinesPerOrder)
        var found: [String] = []
        var snapshots = Dictionary(try journal.machineSnapshots().map { ($0.sequence, $0.state) }, uniquingKeysWith: { $1 })
        try journal.forEachEventWithStoredOrders { sequence, payload, storedOrder in
            let event = try CoreEvent(decoding: payload)
            defer {
                if let snapshot = snapshots.removeValue(forKey: sequence) {
                    let restored = KioskMachine.restoring(limits: configuration.limits, snapshot: snapshot)
                    if restored?.hasSameState(as: machine) != true {
                        found.append("machine snapshot at journal entry \(sequence) is not the state the journal gives there")
                    }
                }
            }
            if case .refused(let refusal) = machine.apply(event) {
                found.append("journal entry \(sequence) is refused on replay (\(refusal.reason))")
                return
            }
            for case .persist(let id?) in machine.effects {
                if let order = machine.order(id) {
                    let row = CommitBuilder(machine: machine, stationID: configuration.stationID, names: names)
                        .orderRow(order, nowMs: event.timeMs)
                    replayed[row.id] = row
                    journaled.insert(row.id)
                }
            }
            for (id, expected) in replayed where machine.order(OrderID(id)) == nil {
                replayed[id] = nil
                let stored = try storedOrder(id)
                // Written by a later entry: the order was loaded back, and is held against the store when
                // it leaves again.
                if let stored, stored.writtenAt > sequence { continue }
                found += Self.differences(stored: stored?.row, expected: expected)
            }
        }
        for sequence in snapshots.keys.sorted() {
            found.append("machine snapshot at journal entry \(sequence) has no journal entry")
        }
        for (id, expected) in replayed.sorted(by: { $0.key < $1.key }) {
            found += Self.differences(stored: try journal.order(id), expected: expected)
        }
        try journal.forEachOrder { stored in
            if !journaled.contains(stored.id) {
                found.append("order \(stored.id) is stored but no journal entry made it")
            }
        }
        return found
    }

    private static func differences(stored: OrderRow?, expected: OrderRow) -> [String] {
        guard let stored,
              (stored.state, stored.totalFen, stored.cashFen, stored.changeFen, stored.codeFen, stored.creditFen)
                != (expected.state, expected.totalFen, expected.cashFen, expected.changeFen, expected.codeFen,
                    expected.creditFen) else { return [] }
        return ["order \(stored.id): stored \(stored.state) \(stored.totalFen) fen, replay gives \(expected.state) \(expected.totalFen) fen"]
    }
}

/// Order numbers as one bit each: which orders the journal made.
private struct OrderNumbers {
    private var words: [UInt64] = []

    mutating func insert(_ id: Int64) {
        let word = Int(id >> 6)
        if word >= words.count { words += Array(repeating: 0, count: word + 1 - words.count) }
        words[word] |= 1 << UInt64(id & 63)
    }

    func contains(_ id: Int64) -> Bool {
        let word = Int(id >> 6)
        return id >= 0 && word < words.count && words[word] & (1 << UInt64(id & 63)) != 0
    }
}
