import KioskCore
import KioskStore

/// What a service beside the counter took and paid out between two journal sequences, for the day's
/// report: parcels, produce bought and bills each read their own rows and answer with their lines.
public protocol DayServiceLedger {
    /// The service's lines for the entries after `after` up to `through` (its own journal domain).
    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine]
}

/// Every service beside the counter that carries lines into the day's reports. A service (parcels,
/// produce, bills) adds its ledger here, reading its own rows by journal sequence; every X, Z and audit
/// takes the list from here, so a Z and its audit always see the same services.
public enum DayServiceLedgers {
    public static func all(database: KioskDatabase) -> [any DayServiceLedger] {
        let journal = EventJournal(database: database)
        return [ParcelLedger(journal: journal), ProduceLedger(journal: journal),
                BillLedger(journal: journal, store: BillStore(database: database))]
    }
}

/// The day's figures computed from the journal: the counter's entries between two sequences are
/// replayed through a machine and folded by a ``DayTally``. Never a time window: a Z covers exactly the
/// entries after the previous Z's own entry.
struct DayReplay {
    let limits: CoreLimits
    let journal: EventJournal
    let services: [any DayServiceLedger]

    /// The figures of each span between consecutive `boundaries` (sequences, ascending): the first span is
    /// the entries after `boundaries[0]` up to `boundaries[1]`, and so on. One pass over the journal from
    /// the newest snapshot at or before the first boundary.
    func figures(boundaries: [Int64]) throws -> [DayFigures] {
        precondition(boundaries.count >= 2 && zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 <= $1 },
                     "spans need ascending boundaries")
        var start: (machine: KioskMachine, sequence: Int64)?
        for snapshot in try journal.machineSnapshots() where snapshot.sequence <= boundaries[0] {
            if let machine = KioskMachine.restoring(limits: limits, snapshot: snapshot.state) {
                start = (machine, snapshot.sequence)
                break
            }
        }
        let machine = start?.machine ?? KioskMachine(limits: limits)
        // Read before the replay: the services read the journal too, and a read cannot start inside another.
        let serviceLines = try zip(boundaries, boundaries.dropFirst()).map { after, through in
            try services.flatMap { try $0.dayLines(after: after, through: through) }
        }
        var results: [DayFigures] = []
        var span = 0
        var tally: DayTally?
        func openOrders() -> [Order] { machine.openOrderIDs.compactMap { machine.order($0) } }
        func finishSpans(before sequence: Int64) throws {
            while span + 1 < boundaries.count, sequence > boundaries[span + 1] {
                let current = tally ?? DayTally(ordersAtStart: openOrders())
                results.append(current.figures(openOrders: openOrders(), services: serviceLines[span]))
                span += 1
                tally = DayTally(ordersAtStart: openOrders())
            }
        }
        try journal.forEachEvent(after: start?.sequence ?? 0) { sequence, payload in
            guard span + 1 < boundaries.count else { return }
            let event = try CoreEvent(decoding: payload)
            if sequence <= boundaries[0] {
                machine.apply(event)
                return
            }
            if tally == nil { tally = DayTally(ordersAtStart: openOrders()) }
            try finishSpans(before: sequence)
            guard span + 1 < boundaries.count else { return }
            guard case .accepted = machine.apply(event) else { return }
            var touched: Order?
            for case .persist(let id?) in machine.effects { touched = machine.order(id) }
            let isBill = touched.map { machine.billID(ofOrder: $0.id) != nil } ?? false
            tally?.observe(event.action, order: touched, effects: machine.effects, isBill: isBill)
        }
        try finishSpans(before: Int64.max)
        return results
    }
}
