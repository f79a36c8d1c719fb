import Foundation
import GRDB
import Testing
@testable import KioskStore

@Suite struct KioskDatabaseTests {
    @Test func migratingAnEmptyDatabaseCreatesEveryTableAndRecordsTheMigrations() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        #expect(FileManager.default.fileExists(atPath: directory.file("kiosk.sqlite")))
        let (tables, applied) = try database.pool.read { db in
            (try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
             try KioskSchema.migrator.appliedMigrations(db))
        }
        #expect(Set(KioskSchema.tables).isSubset(of: tables))
        #expect(applied == KioskSchema.migrator.migrations)
        #expect(applied.starts(with: [
            "v1_catalog", "v1_orders_payments", "v1_journal", "v1_outbox", "v1_settings_print_jobs", "v1_maintenance",
        ]))
    }

    @Test func writerReadsBackSynchronousFullAndWalAndForeignKeys() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }

        #expect(try database.synchronousMode() == 2)
        #expect(try database.journalMode() == "wal")
        let foreignKeys = try database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
    }

    @Test func openingRefusesAWriterThatLostSynchronousFull() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreError.synchronousNotFull(path: directory.file("kiosk.sqlite"), reported: 1)) {
            _ = try KioskDatabase.open(dataDirectory: directory.path) { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        #expect(throws: StoreError.self) { try DurabilityPolicy.validateSynchronous(1, path: "x") }
        try DurabilityPolicy.validateSynchronous(2, path: "x")
    }

    @Test func reopeningKeepsTheDataAndDoesNotRemigrate() throws {
        let directory = try TemporaryDirectory()
        let first = try KioskDatabase.open(dataDirectory: directory.path)
        try first.pool.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('language', 'zh-Hans')")
        }
        try first.close()

        let second = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? second.close() }
        let language = try second.pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'language'")
        }
        #expect(language == "zh-Hans")
    }

    @Test func aDatabaseFromANewerKioskIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9_from_the_future')")
        }
        try database.close()
        let path = directory.file("kiosk.sqlite")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v9_from_the_future"])) {
            _ = try KioskDatabase.open(dataDirectory: directory.path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("kiosk.sqlite")
        let garbage = Data(String(repeating: "these are not the pages you are looking for\n", count: 200).utf8)
        try garbage.write(to: URL(fileURLWithPath: path))

        #expect(throws: StoreError.notADatabase(path: path)) {
            _ = try KioskDatabase.open(dataDirectory: directory.path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aDataDirectoryThatCannotBeCreatedGivesOneClearSentence() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.file("a-file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))

        #expect(throws: StoreError.dataDirectoryNotADirectory(path: blocker)) {
            _ = try KioskDatabase.open(dataDirectory: blocker)
        }
        let beneathAFile = blocker + "/kiosk-data"
        do {
            _ = try KioskDatabase.open(dataDirectory: beneathAFile)
            Issue.record("opened a data directory beneath a regular file")
        } catch {
            guard case .dataDirectoryUnavailable(let path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == beneathAFile)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func theDefaultDataDirectoryFollowsTheEnvironment() {
        #expect(DataDirectory.defaultPath(environment: [:]) == "./kiosk-data")
        #expect(DataDirectory.defaultPath(environment: ["KIOSK_DATA_DIR": "/var/lib/kiosk"]) == "/var/lib/kiosk")
        #expect(DataDirectory.defaultPath(environment: ["KIOSK_DATA_DIR": ""]) == "./kiosk-data")
    }
}
