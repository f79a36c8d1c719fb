import ArgumentParser
import Foundation
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskStore

/// `kiosk db …`: check, back up and measure the SQLite database.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check, back up, restore and measure the kiosk database (数据库维护).",
        subcommands: [Check.self, Backup.self, Restore.self, Stats.self, Audit.self, ReconcileBills.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity and foreign-key checks; exit 0 only when clean.",
            discussion: "The database is read, never migrated or changed."
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Option(help: ArgumentHelp("Check this database file instead (a backup, say).", valueName: "file"))
        var file: String?

        func run() throws {
            try reportingFailures {
                let path = file ?? KioskDatabase.databasePath(dataDirectory: storage.dataDir)
                let report = try DatabaseChecker.check(databaseAt: path)
                guard report.isClean else {
                    report.problems.forEach { print($0) }
                    throw CommandFailure("\(path): \(report.problems.count) problems found")
                }
                print("ok")
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the live database to a file with SQLite's online backup.",
            discussion: "An existing file is never replaced unless --force is given."
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: ArgumentHelp("Where to write the backup.", valueName: "path"))
        var path: String

        @Flag(help: "Replace the file at path if it exists.")
        var force = false

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let bytes = try DatabaseBackup.backup(database, to: path, overwrite: force)
                print("backed up to \(path) (\(bytes) bytes)")
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of a damaged database (恢复备份).",
            discussion: """
                Without a path, restores the newest backup in DATA-DIR/backups that passes the integrity and
                foreign-key checks. The replaced database files are moved to DATA-DIR/damaged-<time>, never
                deleted. Refused while a kiosk runs on the data directory: stop it first. Sales made after
                the backup are not in it: take them from the paper receipts and the gateway's statement.
                """
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: ArgumentHelp("The backup to restore (default: the newest that passes the checks).",
                                     valueName: "path"))
        var path: String?

        @Flag(help: "Only list the backups, newest first, with what the checks say of each.")
        var list = false

        func run() throws {
            try reportingFailures {
                if list {
                    try listBackups()
                    return
                }
                let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
                let stamp = BeijingDate.timestamp(epochMs: nowMs).filter { $0.isNumber || $0 == " " }
                    .replacingOccurrences(of: " ", with: "-")
                let outcome = try DatabaseRestore.restore(dataDirectory: storage.dataDir, backup: path, timestamp: stamp)
                print("restored \(outcome.backup)")
                if let setAside = outcome.setAside {
                    print("the replaced database files are in \(setAside) (keep them for the technician)")
                }
                let last = outcome.lastEventMs > 0 ? BeijingDate.timestamp(epochMs: outcome.lastEventMs) : "none"
                print("journal: \(outcome.journalEntries) events, the last at \(last) (Beijing time)")
                print("sales after that are not in the database: take them from the paper receipts and the "
                    + "payment gateway's statement")
            }
        }

        private func listBackups() throws {
            let candidates = DatabaseRestore.candidates(dataDirectory: storage.dataDir)
            guard !candidates.isEmpty else {
                throw CommandFailure("no backups in \(storage.dataDir)/backups")
            }
            for candidate in candidates {
                let modifiedMs = Int64(candidate.modified.timeIntervalSince1970 * 1000)
                print("\(candidate.path)  \(BeijingDate.timestamp(epochMs: modifiedMs))  \(candidate.bytes) bytes  "
                    + (candidate.problem.map { "damaged: \($0)" } ?? "ok"))
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print row counts per table and file sizes.")

        @OptionGroup var storage: DataDirectoryOptions

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let stats = try DatabaseStats.read(database)
                let width = stats.rowCounts.map(\.table.count).max() ?? 0
                for count in stats.rowCounts {
                    print(count.table.padding(toLength: width + 2, withPad: " ", startingAt: 0) + String(count.rows))
                }
                print("file \(database.path): \(stats.fileBytes) bytes (wal \(stats.walBytes) bytes)")
                print("migrations: \(stats.appliedMigrations.joined(separator: ", "))")
            }
        }
    }
}
