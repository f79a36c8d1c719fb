import Foundation
import GRDB
import KioskCore
import KioskRuntime
import KioskEngine
import KioskSimulator
@testable import KioskStore
import Testing

/// Boot starts from the newest machine snapshot and replays only the journal after it, so recovery
/// stays bounded however long the station has run; a snapshot that does not match is never trusted.
@Suite struct SnapshotRecoveryTests {
    /// A station that served enough customers for a few snapshots, closed.
    static func busyStation() throws -> ScratchDirectory {
        let directory = try ScratchDirectory("snapshots")
        let session = try SimulationSession.make(in: directory.path)
        let barcodes = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        try GeneratedDay(seed: 9, customers: 150, faultRatePerMillion: 50_000, barcodes: barcodes).run(on: session)
        try session.close()
        return directory
    }

    /// The machine the whole journal gives, for comparison.
    static func fullReplay(_ directory: String) throws -> KioskMachine {
        let database = try KioskDatabase.open(dataDirectory: directory)
        defer { try? database.close() }
        let machine = KioskMachine(limits: try StationConfiguration(board: try Repository.board()).limits)
        try EventJournal(database: database).forEachEvent { _, payload in machine.apply(try CoreEvent(decoding: payload)) }
        return machine
    }

    static func snapshotSequences(_ directory: String) throws -> [Int64] {
        let queue = try DatabaseQueue(path: directory + "/kiosk.sqlite")
        defer { try? queue.close() }
        return try queue.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM machine_snapshots ORDER BY seq") }
    }

    @Test func bootReplaysOnlyTheJournalAfterTheNewestSnapshot() throws {
        let directory = try Self.busyStation()
        defer { directory.remove() }
        let kept = try Self.snapshotSequences(directory.path)
        #expect(kept.count == 2, "the two newest snapshots are kept: \(kept)")
        #expect(kept.allSatisfy { $0 % StationEngine.eventsPerSnapshot == 0 })

        let expected = try Self.fullReplay(directory.path)
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        let recovery = session.engine.recovery
        #expect(recovery.snapshotSequence == kept.last)
        #expect(recovery.eventsReplayed < Int(StationEngine.eventsPerSnapshot))
        #expect(recovery.snapshotsRejected == 0)
        #expect(session.engine.machine.hasSameState(as: expected))
    }

    @Test func aDamagedNewestSnapshotFallsBackToTheOneBefore() throws {
        let directory = try Self.busyStation()
        defer { directory.remove() }
        let kept = try Self.snapshotSequences(directory.path)
        let queue = try DatabaseQueue(path: directory.path + "/kiosk.sqlite")
        try queue.write { db in
            try db.execute(sql: "UPDATE machine_snapshots SET state = substr(state, 1, length(state) - 9) WHERE seq = ?",
                           arguments: [kept.last])
        }
        try queue.close()

        let expected = try Self.fullReplay(directory.path)
        let session = try SimulationSession.make(in: directory.path)
        defer { try? session.close() }
        #expect(session.engine.recovery.snapshotsRejected == 1)
        #expect(session.engine.recovery.snapshotSequence == kept.first)
        #expect(session.engine.machine.hasSameState(as: expected))
    }

    @Test func theAuditRejectsASnapshotThatIsNotTheJournalsState() throws {
        let directory = try Self.busyStation()
        defer { directory.remove() }
        let configuration = try StationConfiguration(board: try Repository.board())
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        #expect(try JournalAudit(database: database, configuration: configuration).mismatches().isEmpty)

        // A well-formed snapshot, but of the state at the older entry, filed under the newer one.
        let kept = try Self.snapshotSequences(directory.path)
        try database.pool.write { db in
            try db.execute(sql: """
                UPDATE machine_snapshots SET state = (SELECT state FROM machine_snapshots WHERE seq = ?) WHERE seq = ?
                """, arguments: [kept.first, kept.last])
        }
        #expect(try JournalAudit(database: database, configuration: configuration).mismatches()
            == ["machine snapshot at journal entry \(kept.last!) is not the state the journal gives there"])
    }
}
