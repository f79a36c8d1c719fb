import KioskCore
import KioskStore

/// Rebuilds the core machine from the store: the newest snapshot that restores, then the journal
/// entries after it. Boot and a failed commit's rollback both go through here, so either replays at most
/// ``StationEngine/eventsPerSnapshot`` events once the journal is that long, however old the station.
struct MachineRebuild {
    /// The rebuilt machine.
    let machine: KioskMachine
    /// The journal sequence of the snapshot it started from (nil: none restored, the whole journal replayed).
    let snapshotSequence: Int64?
    /// Snapshots that did not restore (damaged, or written for other limits or by another format).
    let snapshotsRejected: Int
    /// Journal entries applied after the snapshot.
    let eventsReplayed: Int
    /// Entries the machine refused on replay (must be 0: the journal holds only accepted events).
    let replayRefusals: Int
    /// The last journal sequence applied or covered by the snapshot.
    let lastSequence: Int64

    static func run(limits: CoreLimits, journal: EventJournal) throws -> MachineRebuild {
        var rejected = 0
        var start: (machine: KioskMachine, sequence: Int64)?
        for snapshot in try journal.machineSnapshots() {
            if let machine = KioskMachine.restoring(limits: limits, snapshot: snapshot.state) {
                start = (machine, snapshot.sequence)
                break
            }
            rejected += 1
        }
        let machine = start?.machine ?? KioskMachine(limits: limits)
        var replayed = 0
        var refusals = 0
        var last = start?.sequence ?? 0
        try journal.forEachEvent(after: last) { sequence, payload in
            if case .refused = machine.apply(try CoreEvent(decoding: payload)) { refusals += 1 }
            replayed += 1
            last = sequence
        }
        return MachineRebuild(machine: machine, snapshotSequence: start?.sequence, snapshotsRejected: rejected,
                              eventsReplayed: replayed, replayRefusals: refusals, lastSequence: last)
    }
}
