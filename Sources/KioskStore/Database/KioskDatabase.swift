import Foundation
import GRDB

/// The kiosk's one SQLite file, opened in WAL mode with `synchronous=FULL` and migrated to the current schema.
///
/// One writer and many readers share the file through GRDB's `DatabasePool`. Opening refuses — with a
/// ``StoreError`` and without changing the file — a database written by a newer kiosk, a damaged file,
/// an unwritable data directory, and a connection that does not keep `synchronous=FULL`.
public final class KioskDatabase: Sendable {
    /// The name of the database file inside the data directory.
    public static let fileName = "kiosk.sqlite"

    /// The connection pool: one writer, concurrent readers. Internal: everything outside the store goes
    /// through its named queries and commands, so SQL stays in this module.
    let pool: DatabasePool
    /// The path of the database file.
    public let path: String
    /// The directory that holds the database file.
    public let dataDirectory: String

    private init(pool: DatabasePool, path: String, dataDirectory: String) {
        self.pool = pool
        self.path = path
        self.dataDirectory = dataDirectory
    }

    /// The path of the database file inside `dataDirectory`.
    public static func databasePath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName).path
    }

    /// Opens (creating if needed) and migrates the database in `dataDirectory`.
    public static func open(dataDirectory: String) throws(StoreError) -> KioskDatabase {
        try open(dataDirectory: dataDirectory, beforeDurabilityCheck: nil)
    }

    /// Opens the database in `dataDirectory` on the ``PowerCutDisk`` (registering it first), for a simulated
    /// station whose power cuts drop what SQLite did not sync.
    public static func openOnPowerCutDisk(dataDirectory: String) throws -> KioskDatabase {
        try PowerCutDisk.install(asDefault: false)
        return try open(dataDirectory: dataDirectory, throughPowerCutDisk: true, beforeDurabilityCheck: nil)
    }

    /// Opens the database; `beforeDurabilityCheck` runs on the writer between setting and reading back
    /// `synchronous`, so tests can prove a connection that lost FULL is refused. `throughPowerCutDisk`
    /// opens the pool's connections through the registered ``PowerCutDisk`` VFS by naming it in a URI,
    /// for tests that share their process with suites which must keep the plain disk (a process that
    /// installs it as SQLite's default needs no URI).
    static func open(
        dataDirectory: String,
        throughPowerCutDisk: Bool = false,
        beforeDurabilityCheck: ((Database) throws -> Void)?
    ) throws(StoreError) -> KioskDatabase {
        try DataDirectory.prepareForWriting(dataDirectory)
        let path = databasePath(dataDirectory: dataDirectory)
        if FileManager.default.fileExists(atPath: path) {
            try inspectExistingFile(at: path)
        }
        let pool: DatabasePool
        do {
            let location = throughPowerCutDisk ? PowerCutDisk.uri(path: path) : path
            pool = try DatabasePool(path: location, configuration: KioskDatabase.configuration())
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
        do {
            try enforceDurability(pool: pool, path: path, beforeCheck: beforeDurabilityCheck)
            try KioskSchema.migrator.migrate(pool)
        } catch {
            try? pool.close()
            throw StoreErrorMapping.map(error, path: path)
        }
        let database = KioskDatabase(pool: pool, path: path, dataDirectory: dataDirectory)
        if let storeID = try? StoreIdentity.storeID(of: database) {
            DataDirectory.recordStation(dataDirectory, storeID: storeID)
        }
        return database
    }

    /// Reads `PRAGMA synchronous` on the writer connection (2 means FULL).
    public func synchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Reads `PRAGMA journal_mode` (the kiosk requires "wal").
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Closes every connection; later accesses throw.
    ///
    /// Readers close first so the writer is the last connection: SQLite then checkpoints the WAL into the
    /// main file and deletes it (GRDB alone closes the writer first and read-only readers cannot checkpoint).
    public func close() throws {
        pool.releaseMemory()
        try pool.close()
    }

    /// WAL pages written between two automatic checkpoints.
    static let walPagesPerCheckpoint = 4_000

    /// Runs `body` in a read transaction; SQLite failures become ``StoreError``.
    func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }

    /// Runs `body` in a write transaction; SQLite failures become ``StoreError``.
    func writing<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }

    /// For `scripts/bench durable` only: runs `body` with the writer's raw `sqlite3` handle, where the
    /// benchmark attaches a commit hook to count the engine's transactions.
    @_spi(Benchmark)
    public func withWriterConnection<T>(_ body: (OpaquePointer?) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in try body(db.sqliteConnection) }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "kiosk"
        configuration.prepareDatabase { db in
            // A checkpoint costs two fsyncs (the WAL, then the database). A sale writes about 80 pages, so
            // SQLite's default of one every 1,000 pages added 0.12 fsyncs to every sale; one every 4,000
            // (a WAL of about 16 MB at most) adds 0.03.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walPagesPerCheckpoint)")
        }
        return configuration
    }

    /// Looks at an existing file without writing to it: opening a pool writes, so a file this binary
    /// must refuse is refused here first.
    private static func inspectExistingFile(at path: String) throws(StoreError) {
        guard access(path, R_OK | W_OK) == 0 else {
            throw .databaseNotWritable(path: path)
        }
        do {
            let queue = try ExistingDatabaseFile.open(path)
            defer { try? queue.close() }
            let unknown: [String] = try queue.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                let known = Set(KioskSchema.migrator.migrations)
                return try KioskSchema.migrator.appliedIdentifiers(db).subtracting(known).sorted()
            }
            if !unknown.isEmpty {
                throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
            }
        } catch {
            throw StoreErrorMapping.map(error, path: path)
        }
    }

    private static func enforceDurability(
        pool: DatabasePool,
        path: String,
        beforeCheck: ((Database) throws -> Void)?
    ) throws {
        // GRDB sets synchronous=NORMAL on the writer after any prepareDatabase hook: FULL is set here, after opening.
        try pool.barrierWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try beforeCheck?(db)
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            try DurabilityPolicy.validateSynchronous(synchronous, path: path)
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            try DurabilityPolicy.validateJournalMode(journalMode, path: path)
        }
    }
}
