import GRDB

/// The uplink to the county hub: where it is, which station this is, and how far the hub has
/// acknowledged the journal. The key is not here: it lives in a 0600 file beside the database
/// (`uplink.key`), so a backup copied off the station carries no secret.
enum V10UplinkSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10_uplink") { db in
            try db.execute(sql: """
                CREATE TABLE uplink (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    hub_url TEXT NOT NULL CHECK (length(hub_url) > 0),
                    station_id TEXT NOT NULL CHECK (length(station_id) BETWEEN 1 AND 64),
                    acknowledged_seq INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged_seq >= 0),
                    acknowledged_store_id TEXT,
                    last_upload_ms INTEGER,
                    last_attempt_ms INTEGER,
                    last_problem TEXT
                ) STRICT;
                """)
        }
    }
}
