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
        var replayed: [Int64: OrderRow] = [:]
        let names = ProductNames(catalog: CatalogRepository(database: database), locale: configuration.locale,
                                 capacity: configuration.limits.maxLinesPerOrder)
        var found: [String] = []
        var snapshots = Dictionary(try journal.machineSnapshots().map { ($0.sequence, $0.state) }, uniquingKeysWith: { $1 })
        try journal.forEachEvent { sequence, payload in
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
                }
            }
        }
        for sequence in snapshots.keys.sorted() {
            found.append("machine snapshot at journal entry \(sequence) has no journal entry")
        }
        for stored in try journal.orders() {
            guard let expected = replayed[stored.id] else {
                found.append("order \(stored.id) is stored but no journal entry made it")
                continue
            }
            if (stored.state, stored.totalFen, stored.cashFen, stored.changeFen, stored.codeFen, stored.creditFen)
                != (expected.state, expected.totalFen, expected.cashFen, expected.changeFen, expected.codeFen,
                    expected.creditFen) {
                found.append("order \(stored.id): stored \(stored.state) \(stored.totalFen) fen, replay gives \(expected.state) \(expected.totalFen) fen")
            }
        }
        return found
    }
}
