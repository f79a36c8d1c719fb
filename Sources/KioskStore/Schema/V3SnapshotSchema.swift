import GRDB

/// Snapshots of the core machine's state, taken every few hundred journal entries in the same
/// transaction as the entry they follow, so boot replays only the journal after the newest one.
enum V3SnapshotSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3_machine_snapshots") { db in try db.execute(sql: snapshots) }
    }

    private static let snapshots = """
        CREATE TABLE machine_snapshots (
            seq INTEGER PRIMARY KEY REFERENCES journal(seq),
            taken_at_ms INTEGER NOT NULL,
            state BLOB NOT NULL
        ) STRICT;
        """
}
