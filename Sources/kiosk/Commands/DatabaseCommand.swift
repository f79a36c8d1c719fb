import ArgumentParser
import Foundation
import KioskStore

/// `kiosk db …`: check, back up and measure the SQLite database.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check, back up and measure the kiosk database (数据库维护).",
        subcommands: [Check.self, Backup.self, Stats.self, Audit.self]
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
