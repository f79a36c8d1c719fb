import Foundation
import GRDB
import Testing
@testable import KioskStore

/// `kiosk db restore`: a damaged station database replaced by its newest good backup, nothing deleted.
@Suite struct RestoreTests {
    /// A station directory with two backups (the older one holds 299 products, the newer one is damaged)
    /// and a damaged database with a WAL beside it.
    private func damagedStation() throws -> (TemporaryDirectory, older: String, newer: String) {
        let directory = try TemporaryDirectory()
        let backups = directory.file("backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        _ = try CatalogImporter(database: database).importCSV(atPath: try Fixture.path("catalog-sample.csv"))
        try database.pool.write { db in try db.execute(sql: "DELETE FROM catalog WHERE barcode = '6916018159088'") }
        let older = backups + "/kiosk-20261120.sqlite"
        try DatabaseBackup.backup(database, to: older)
        try database.pool.write { db in try db.execute(sql: "DELETE FROM catalog WHERE category = '日化'") }
        let newer = backups + "/kiosk-20261121.sqlite"
        try DatabaseBackup.backup(database, to: newer)
        try database.close()
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: older)
        try Self.damage(newer)
        try Self.damage(database.path)
        try Data("a WAL the damaged database left".utf8).write(to: URL(fileURLWithPath: database.path + "-wal"))
        return (directory, older, newer)
    }

    /// Overwrites every third page after the first, keeping the header so SQLite opens the file.
    static func damage(_ path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        for page in stride(from: UInt64(2), to: size / 4_096, by: 3) {
            try handle.seek(toOffset: page * 4_096 + 100)
            handle.write(Data(repeating: 0xA5, count: 2_000))
        }
        try handle.close()
    }

    private func productCount(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM catalog") ?? -1 }
    }

    @Test func theNewestBackupThatPassesTheChecksReplacesTheDatabaseWhichIsSetAside() throws {
        let (directory, older, newer) = try damagedStation()
        let databasePath = KioskDatabase.databasePath(dataDirectory: directory.path)

        let listed = DatabaseRestore.candidates(dataDirectory: directory.path)
        #expect(listed.map(\.path) == [newer, older])
        #expect(listed[0].problem != nil)
        #expect(listed[1].problem == nil)

        let outcome = try DatabaseRestore.restore(dataDirectory: directory.path, backup: nil, timestamp: "20261123-090000")

        #expect(outcome.backup == older)
        #expect(outcome.setAside == directory.file("damaged-20261123-090000"))
        #expect(try DatabaseChecker.check(databaseAt: databasePath).isClean)
        #expect(try productCount(databasePath) == 299)
        let setAside = try FileManager.default.contentsOfDirectory(atPath: directory.file("damaged-20261123-090000"))
        #expect(setAside.sorted() == ["kiosk.sqlite", "kiosk.sqlite-wal"])
        #expect(!FileManager.default.fileExists(atPath: databasePath + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: databasePath + ".restoring"))
        #expect(FileManager.default.fileExists(atPath: older), "the backup itself stays")
        let reopened = try KioskDatabase.open(dataDirectory: directory.path)
        try reopened.close()
    }

    @Test("a restored database is a new incarnation: its store id is new, so its charges get new numbers")
    func restoreRenewsTheStoreID() throws {
        let directory = try TemporaryDirectory()
        let backups = directory.file("backups")
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        let original = try StoreIdentity.storeID(of: database)
        try DatabaseBackup.backup(database, to: backups + "/kiosk-20261120.sqlite")
        try database.close()
        _ = try DatabaseRestore.restore(dataDirectory: directory.path, backup: nil, timestamp: "20261121-080000")
        let restored = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? restored.close() }
        let renewed = try StoreIdentity.storeID(of: restored)
        #expect(renewed != original)
        #expect(renewed.count == 6 && renewed.allSatisfy { $0.isNumber || ($0.isUppercase && $0.isASCII) })
    }

    @Test("two databases are two stores")
    func everyDatabaseHasItsOwnStoreID() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        let one = try KioskDatabase.open(dataDirectory: first.path)
        let two = try KioskDatabase.open(dataDirectory: second.path)
        defer { try? one.close(); try? two.close() }
        #expect(try StoreIdentity.storeID(of: one) != StoreIdentity.storeID(of: two))
    }

    @Test func aNamedBackupThatIsDamagedIsRefusedAndNothingMoves() throws {
        let (directory, _, newer) = try damagedStation()
        let before = try Data(contentsOf: URL(fileURLWithPath: KioskDatabase.databasePath(dataDirectory: directory.path)))

        #expect(throws: StoreError.self) {
            _ = try DatabaseRestore.restore(dataDirectory: directory.path, backup: newer, timestamp: "t")
        }

        let after = try Data(contentsOf: URL(fileURLWithPath: KioskDatabase.databasePath(dataDirectory: directory.path)))
        #expect(before == after)
        #expect(!FileManager.default.fileExists(atPath: directory.file("damaged-t")))
    }

    @Test func withNoGoodBackupNothingChangesAndTheErrorSaysSo() throws {
        let (directory, older, _) = try damagedStation()
        try Self.damage(older)

        #expect(throws: StoreError.noUsableBackup(directory: directory.file("backups"), rejected: 2)) {
            _ = try DatabaseRestore.restore(dataDirectory: directory.path, backup: nil, timestamp: "t")
        }
        #expect(FileManager.default.fileExists(atPath: directory.file("kiosk.sqlite-wal")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("damaged-t")))
    }

    @Test func aRunningStationKeepsItsDatabase() throws {
        let (directory, _, _) = try damagedStation()
        let station = try DataDirectoryLock.acquire(dataDirectory: directory.path)
        defer { station.release() }

        #expect(throws: StoreError.dataDirectoryInUse(path: directory.path, holder: getpid())) {
            _ = try DatabaseRestore.restore(dataDirectory: directory.path, backup: nil, timestamp: "t")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("damaged-t")))
    }

    @Test func aDataDirectoryIsClaimedByOneStationAtATime() throws {
        let directory = try TemporaryDirectory()
        let first = try DataDirectoryLock.acquire(dataDirectory: directory.path)
        #expect(throws: StoreError.dataDirectoryInUse(path: directory.path, holder: getpid())) {
            _ = try DataDirectoryLock.acquire(dataDirectory: directory.path)
        }
        #expect(String(describing: StoreError.dataDirectoryInUse(path: directory.path, holder: 42))
            == "data directory \(directory.path) is in use by a running kiosk (pid 42); stop it first")
        first.release()
        let second = try DataDirectoryLock.acquire(dataDirectory: directory.path)
        second.release()
    }
}
