/// Why the store refused to open, read or write: one line a field technician can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data directory does not exist and could not be created.
    case dataDirectoryUnavailable(path: String, reason: String)
    /// The data directory path names something that is not a directory.
    case dataDirectoryNotADirectory(path: String)
    /// The data directory (or the disk under it) does not accept writes.
    case dataDirectoryNotWritable(path: String)
    /// The database file exists but cannot be read and written.
    case databaseNotWritable(path: String)
    /// No database file exists where one was expected.
    case databaseMissing(path: String)
    /// The file is not an SQLite database at all.
    case notADatabase(path: String)
    /// The file is an SQLite database whose pages are damaged.
    case databaseCorrupt(path: String, detail: String)
    /// The database was migrated by a newer kiosk binary; this one must not touch it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// SQLite did not keep `synchronous=FULL`, so a committed sale could be lost on power cut.
    case synchronousNotFull(path: String, reported: Int)
    /// WAL journal mode could not be enabled.
    case walUnavailable(path: String, reported: String)
    /// The directory a new file (a backup, say) should go into is missing or does not accept writes.
    case destinationNotWritable(path: String)
    /// A file the command would create already exists.
    case fileExists(path: String)
    /// The catalog file was rejected; nothing was imported.
    case catalogRejected(problems: [CatalogProblem])
    /// The catalog file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The disk (or the database's page limit) is full: the write was rolled back.
    case diskFull(path: String)
    /// Another kiosk (pid `holder` when known) holds the data directory: one station per database.
    case dataDirectoryInUse(path: String, holder: Int32?)
    /// No backup in `directory` passes the integrity checks (`rejected` were found and refused).
    case noUsableBackup(directory: String, rejected: Int)
    /// A maintenance-shell account with this name exists already.
    case duplicateAccount(name: String)
    /// Any other SQLite failure, with SQLite's own message.
    case sqlite(path: String, message: String)

    public var description: String {
        switch self {
        case .dataDirectoryUnavailable(let path, let reason):
            "data directory \(path) cannot be created: \(reason)"
        case .dataDirectoryNotADirectory(let path):
            "data directory \(path) is not a directory"
        case .dataDirectoryNotWritable(let path):
            "data directory \(path) is not writable"
        case .databaseNotWritable(let path):
            "database file \(path) is not readable and writable"
        case .databaseMissing(let path):
            "no database at \(path)"
        case .notADatabase(let path):
            "\(path) is not an SQLite database"
        case .databaseCorrupt(let path, let detail):
            "database \(path) is corrupt (\(detail)); restore a backup with `kiosk db restore`"
        case .newerSchema(let path, let unknownMigrations):
            "database \(path) was written by a newer kiosk (unknown migrations: "
                + unknownMigrations.joined(separator: ", ") + "); upgrade this kiosk, the database was not changed"
        case .synchronousNotFull(let path, let reported):
            "database \(path) refused synchronous=FULL (reads back \(reported)); not opening it"
        case .walUnavailable(let path, let reported):
            "database \(path) cannot use WAL journal mode (journal_mode is \(reported))"
        case .destinationNotWritable(let path):
            "cannot write \(path): its directory is missing or not writable"
        case .fileExists(let path):
            "\(path) already exists (use --force to overwrite)"
        case .catalogRejected(let problems):
            "catalog rejected, nothing imported: \(problems.count) bad "
                + (problems.count == 1 ? "row" : "rows")
        case .unreadableFile(let path, let reason):
            "cannot read \(path): \(reason)"
        case .diskFull(let path):
            "database \(path): the disk is full; nothing was written"
        case .dataDirectoryInUse(let path, let holder):
            "data directory \(path) is in use by a running kiosk" + (holder.map { " (pid \($0))" } ?? "")
                + "; stop it first"
        case .noUsableBackup(let directory, let rejected):
            rejected == 0
                ? "no backups in \(directory)"
                : "none of the \(rejected) backups in \(directory) passes the checks; nothing was changed"
        case .duplicateAccount(let name):
            "an account named \(name) exists already"
        case .sqlite(let path, let message):
            "database \(path): \(message)"
        }
    }
}
