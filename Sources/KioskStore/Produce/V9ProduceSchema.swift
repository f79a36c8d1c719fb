import GRDB

/// Buying produce from farmers (收购): the farmers the station remembers, and every purchase with
/// its weights, price version, amount, payout and lot.
enum V9ProduceSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9_produce") { db in
            try db.execute(sql: """
                CREATE TABLE produce_farmers (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (length(name) > 0),
                    phone_masked TEXT NOT NULL,
                    village TEXT NOT NULL,
                    last_seen_ms INTEGER NOT NULL,
                    UNIQUE (name, phone_masked)
                );
                CREATE TABLE produce_purchases (
                    lot TEXT PRIMARY KEY,
                    farmer_id INTEGER NOT NULL REFERENCES produce_farmers(id),
                    produce TEXT NOT NULL,
                    grade TEXT NOT NULL,
                    price_version INTEGER NOT NULL,
                    fen_per_kg INTEGER NOT NULL CHECK (fen_per_kg >= 0),
                    gross_g INTEGER NOT NULL,
                    tare_g INTEGER NOT NULL CHECK (tare_g >= 0),
                    net_g INTEGER NOT NULL CHECK (net_g > 0 AND net_g = gross_g - tare_g),
                    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
                    payout TEXT NOT NULL CHECK (payout IN ('cash', 'account')),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    packed_date TEXT NOT NULL,
                    recorded_at_ms INTEGER NOT NULL
                );
                CREATE INDEX produce_purchases_by_time ON produce_purchases (recorded_at_ms);
                """)
        }
    }
}
