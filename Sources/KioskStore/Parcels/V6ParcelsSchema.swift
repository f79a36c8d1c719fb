import GRDB

/// The parcels the station holds for couriers (快递代收): one row per parcel, from arrival until it is
/// picked up or returned. The desk's journal entries (domain `parcels`) write these rows.
enum V6ParcelsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6_parcels") { db in
            try db.execute(sql: parcels)
        }
    }

    private static let parcels = """
        CREATE TABLE parcels (
            id INTEGER PRIMARY KEY,
            waybill TEXT NOT NULL CHECK (length(waybill) BETWEEN 1 AND 40),
            carrier TEXT NOT NULL,
            masked_phone TEXT NOT NULL,
            phone_last4 TEXT NOT NULL CHECK (phone_last4 = '' OR length(phone_last4) = 4),
            shelf INTEGER NOT NULL CHECK (shelf BETWEEN 1 AND 9),
            layer INTEGER NOT NULL CHECK (layer BETWEEN 1 AND 9),
            sequence INTEGER NOT NULL CHECK (sequence BETWEEN 0 AND 9999),
            pickup_code TEXT NOT NULL CHECK (length(pickup_code) = 7),
            state TEXT NOT NULL CHECK (state IN ('on_shelf', 'picked_up', 'returning', 'returned')),
            arrived_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            reminded_at_ms INTEGER,
            picked_up_at_ms INTEGER,
            collected_by TEXT,
            expired_at_ms INTEGER,
            returned_at_ms INTEGER
        ) STRICT;
        CREATE UNIQUE INDEX parcels_held_code ON parcels (pickup_code) WHERE state IN ('on_shelf', 'returning');
        CREATE UNIQUE INDEX parcels_held_waybill ON parcels (waybill) WHERE state IN ('on_shelf', 'returning');
        CREATE INDEX parcels_by_phone ON parcels (phone_last4) WHERE state = 'on_shelf';
        CREATE INDEX parcels_by_state ON parcels (state, expires_at_ms);
        """
}
