import GRDB

/// The county's documents the station took from the hub (the down-link): the newest accepted version
/// of each kind, whether it is applied yet, and the versions refused with why.
enum V12DownlinkSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12_downlink") { db in
            try db.execute(sql: """
                CREATE TABLE downlink_documents (
                    kind TEXT PRIMARY KEY,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    sha256 TEXT NOT NULL,
                    body BLOB NOT NULL,
                    received_ms INTEGER NOT NULL,
                    applied_ms INTEGER
                ) STRICT;
                CREATE TABLE downlink_refusals (
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    problem TEXT NOT NULL,
                    refused_ms INTEGER NOT NULL,
                    PRIMARY KEY (kind, version)
                ) STRICT;
                """)
        }
    }
}
