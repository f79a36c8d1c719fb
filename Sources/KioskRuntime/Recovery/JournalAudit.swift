import KioskCore
import KioskStore

/// Checks that replaying the journal gives the stored state: each order's state and money as the
/// store holds them must be what the machine computes from the journal alone.
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
        try journal.forEachEvent { sequence, payload in
            let event = try CoreEvent(decoding: payload)
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
