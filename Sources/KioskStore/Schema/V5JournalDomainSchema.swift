import GRDB

/// Which part of the station each journal entry belongs to. The counter's entries are core events that
/// recovery replays into the state machine; the services beside it (parcels, bills, the day's close…)
/// journal their own entries, which that replay skips and their own readers take.
enum V5JournalDomainSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5_journal_domain") { db in
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN domain TEXT NOT NULL DEFAULT 'counter'
                    CHECK (length(domain) > 0 AND domain NOT GLOB '*[^a-z_]*');
                """)
        }
    }
}
