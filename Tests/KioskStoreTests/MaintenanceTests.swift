import Foundation
import GRDB
import Testing
@testable import KioskStore

@Suite struct MaintenanceTests {
    private func databaseWithSampleCatalog(_ directory: TemporaryDirectory) throws -> KioskDatabase {
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        _ = try CatalogImporter(database: database).importCSV(atPath: try Fixture.path("catalog-sample.csv"))
        return database
    }

    @Test func aHealthyDatabaseChecksClean() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        #expect(try DatabaseChecker.check(database).isClean)
        try database.close()
        #expect(try DatabaseChecker.check(databaseAt: database.path) == DatabaseCheckReport(problems: []))
    }

    @Test func aDamagedIndexPageIsReported() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        let (rootPage, pageSize) = try database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_catalog_1'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        try database.close()

        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: database.path))
        try handle.seek(toOffset: UInt64((rootPage - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try handle.close()

        let report = try DatabaseChecker.check(databaseAt: database.path)
        #expect(!report.isClean)
        #expect(!report.problems.isEmpty)
    }

    @Test func checkingAFileThatIsNotADatabaseSaysSo() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("notes.txt")
        try Data(String(repeating: "收据 receipt\n", count: 500).utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { _ = try DatabaseChecker.check(databaseAt: path) }
        #expect(throws: StoreError.databaseMissing(path: directory.file("absent.sqlite"))) {
            _ = try DatabaseChecker.check(databaseAt: directory.file("absent.sqlite"))
        }
    }

    @Test func aBackupOpensAndHoldsTheSameRows() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        defer { try? database.close() }
        let backups = try TemporaryDirectory()
        let backupPath = backups.file("kiosk-backup.sqlite")

        let bytes = try DatabaseBackup.backup(database, to: backupPath)

        #expect(bytes > 0)
        #expect(!FileManager.default.fileExists(atPath: backupPath + ".partial"))
        let restored = try DatabaseQueue(path: backupPath)
        defer { try? restored.close() }
        let copied = try restored.read { db in try Product.order(Column("barcode")).fetchAll(db) }
        let original = try database.pool.read { db in try Product.order(Column("barcode")).fetchAll(db) }
        #expect(copied.count == 300)
        #expect(copied == original)
        #expect(try DatabaseChecker.check(databaseAt: backupPath).isClean)
    }

    @Test func aBackupDoesNotOverwriteAnExistingFileUnlessForced() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        defer { try? database.close() }
        let backupPath = directory.file("precious.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: backupPath))

        #expect(throws: StoreError.fileExists(path: backupPath)) {
            try DatabaseBackup.backup(database, to: backupPath)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: backupPath)) == Data("keep me".utf8))

        try DatabaseBackup.backup(database, to: backupPath, overwrite: true)
        #expect(try DatabaseChecker.check(databaseAt: backupPath).isClean)
    }

    @Test func aBackupIntoAMissingDirectoryIsRefusedPlainly() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        defer { try? database.close() }
        let target = directory.file("no-such-folder/backup.sqlite")

        #expect(throws: StoreError.destinationNotWritable(path: target)) {
            try DatabaseBackup.backup(database, to: target)
        }
    }

    @Test func statsCountRowsPerTable() throws {
        let directory = try TemporaryDirectory()
        let database = try databaseWithSampleCatalog(directory)
        defer { try? database.close() }

        let stats = try DatabaseStats.read(database)

        #expect(stats.rowCounts.map(\.table) == KioskSchema.tables)
        #expect(stats.rowCounts.first { $0.table == "catalog" }?.rows == 300)
        #expect(stats.rowCounts.first { $0.table == "orders" }?.rows == 0)
        #expect(stats.fileBytes > 0)
        #expect(stats.appliedMigrations == KioskSchema.migrator.migrations)
    }
}
