import Foundation
import GRDB
import Testing
@testable import KioskStore

/// The power-cut VFS under the kiosk's own database: what was synced survives a cut, what was only
/// written does not, and a torn last write never damages the file.
///
/// Serialized: a cut kills every file open through the VFS in the process. The databases are opened
/// through a `vfs=` URI, so the suites running beside these keep the plain disk.
@Suite(.serialized) struct PowerCutDiskTests {
    init() throws {
        try PowerCutDisk.install(asDefault: false)
    }

    @Test func theDatabaseOpensNormallyThroughTheDiskWhenNothingIsCut() throws {
        let directory = try TemporaryDirectory()
        let before = PowerCutDisk.counters
        let database = try KioskDatabase.open(dataDirectory: directory.path, throughPowerCutDisk: true, beforeDurabilityCheck: nil)
        #expect(try database.synchronousMode() == DurabilityPolicy.requiredSynchronous)
        #expect(try database.journalMode() == "wal")
        let after = PowerCutDisk.counters
        #expect(after.writes > before.writes, "the migrations did not go through the power-cut VFS")
        #expect(after.syncs > before.syncs)
        #expect(PowerCutDisk.cut(directory: directory.path, seed: nil).droppedBytes == 0,
                "every migration commit is synced under synchronous=FULL")
        try database.close()

        let reopened = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? reopened.close() }
        let applied = try reopened.pool.read { db in try KioskSchema.migrator.appliedMigrations(db) }
        #expect(applied == KioskSchema.migrator.migrations)
    }

    @Test func aCommitMadeWithSynchronousFullSurvivesACut() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.openThroughDisk(directory)
        try Self.createProbeTable(database)
        try Self.insertProbe(id: 1, database)

        // Cuts of this test's directory alone: the suite runs beside other tests' stations on the same disk.
        let cut = PowerCutDisk.cut(directory: directory.path, seed: nil)
        #expect(cut.droppedBytes == 0, "a FULL commit leaves nothing unsynced")
        #expect(cut.deadFiles > 0)
        try database.close()

        let reopened = try Self.openThroughDisk(directory)
        defer { try? reopened.close() }
        #expect(try Self.probeIDs(reopened) == [1])
        #expect(try Self.integrity(reopened) == "ok")
    }

    @Test func aCommitMadeWithSynchronousNormalIsLostByACutButKeptByACleanClose() throws {
        for cutsThePower in [true, false] {
            let directory = try TemporaryDirectory()
            let database = try Self.openThroughDisk(directory)
            try Self.createProbeTable(database)
            try Self.insertProbe(id: 1, database)
            try database.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            try Self.insertProbe(id: 2, database)
            #expect(try database.pool.read { db in try Int.fetchAll(db, sql: "SELECT id FROM power_cut_probe ORDER BY id") } == [1, 2],
                    "connections of one process share the unsynced writes, as they share a page cache")

            if cutsThePower {
                #expect(PowerCutDisk.cut(directory: directory.path, seed: nil).droppedBytes > 0,
                        "a NORMAL commit in WAL mode is not synced")
            }
            try database.close()

            let reopened = try KioskDatabase.open(dataDirectory: directory.path)
            defer { try? reopened.close() }
            #expect(try Self.probeIDs(reopened) == (cutsThePower ? [1] : [1, 2]))
            #expect(try Self.integrity(reopened) == "ok")
        }
    }

    @Test func tornLastWritesAtSeededInstantsNeverDamageTheDatabase() throws {
        var tornBytes: UInt64 = 0
        var runsThatLostCommits = 0
        var runsWithSyncedCommits = 0
        for seed in UInt64(1)...40 {
            let directory = try TemporaryDirectory()
            let database = try Self.openThroughDisk(directory)
            try Self.createProbeTable(database)
            try database.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 8") }
            var random = SplitMixForTests(seed: seed)
            PowerCutDisk.armCut(afterWrites: 1 + random.next() % 400, seed: random.next(), directory: directory.path)

            var durableID = 0
            var committedID = 0
            for id in 1...200 {
                let full = random.next() % 3 == 0
                try database.pool.writeWithoutTransaction { db in
                    try db.execute(sql: full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                }
                let size = 200 + Int(random.next() % 6_000)
                do {
                    try Self.insertProbe(id: id, payloadBytes: size, database)
                } catch {
                    break
                }
                if PowerCutDisk.armedCutReport != nil { break }
                committedID = id
                if full { durableID = id }
            }
            let cut = PowerCutDisk.armedCutReport
            #expect(cut != nil, "seed \(seed): the armed cut never happened")
            tornBytes += cut?.tornBytes ?? 0
            if durableID > 0 { runsWithSyncedCommits += 1 }
            PowerCutDisk.armCut(afterWrites: 0, seed: nil, directory: directory.path)
            try database.close()

            let reopened = try KioskDatabase.open(dataDirectory: directory.path)
            defer { try? reopened.close() }
            #expect(try Self.integrity(reopened) == "ok", "seed \(seed)")
            let ids = try Self.probeIDs(reopened)
            #expect(ids == (0..<ids.count).map { $0 + 1 }, "seed \(seed): commits survive in order, without gaps")
            #expect(ids.count >= durableID, "seed \(seed): a commit synced before the cut is missing")
            #expect(ids.count <= committedID + 1, "seed \(seed): a row that was never committed appeared")
            #expect(try Self.payloadsIntact(reopened), "seed \(seed)")
            if ids.count < committedID { runsThatLostCommits += 1 }
        }
        #expect(runsThatLostCommits > 0, "no cut ever lost an unsynced commit: the VFS did not buffer")
        #expect(runsWithSyncedCommits > 0, "no run synced a commit before its cut")
        #expect(tornBytes > 0, "no cut tore a write")
    }

    // MARK: - Helpers

    private static func openThroughDisk(_ directory: TemporaryDirectory) throws -> KioskDatabase {
        try KioskDatabase.open(dataDirectory: directory.path, throughPowerCutDisk: true, beforeDurabilityCheck: nil)
    }

    private static func createProbeTable(_ database: KioskDatabase) throws {
        try database.pool.write { db in
            try db.execute(sql: "CREATE TABLE power_cut_probe (id INTEGER PRIMARY KEY, size INTEGER NOT NULL, payload BLOB NOT NULL)")
        }
    }

    private static func insertProbe(id: Int, payloadBytes: Int = 16, _ database: KioskDatabase) throws {
        try database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO power_cut_probe (id, size, payload) VALUES (?, ?, randomblob(?))",
                arguments: [id, payloadBytes, payloadBytes]
            )
        }
    }

    private static func probeIDs(_ database: KioskDatabase) throws -> [Int] {
        try database.pool.read { db in try Int.fetchAll(db, sql: "SELECT id FROM power_cut_probe ORDER BY id") }
    }

    private static func payloadsIntact(_ database: KioskDatabase) throws -> Bool {
        try database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM power_cut_probe WHERE length(payload) != size") == 0
        }
    }

    private static func integrity(_ database: KioskDatabase) throws -> String {
        try database.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

/// SplitMix64, so every seed replays the same workload and cut.
private struct SplitMixForTests {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
