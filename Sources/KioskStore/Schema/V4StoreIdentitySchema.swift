import GRDB

/// Who this database is: a random store id made when the database is created (and changed by a
/// restore), so the numbers a station gives its charges never repeat across stations or across database
/// incarnations; and the merchant order number each code payment was sent to the acquirer under.
enum V4StoreIdentitySchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4_store_identity") { db in
            try db.execute(sql: identity)
            try db.execute(sql: "INSERT INTO store_identity (singleton, store_id) VALUES (1, ?)",
                           arguments: [StoreIdentity.newStoreID()])
        }
    }

    private static let identity = """
        CREATE TABLE store_identity (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            store_id TEXT NOT NULL CHECK (length(store_id) = 6 AND store_id NOT GLOB '*[^0-9A-Z]*')
        ) STRICT;
        ALTER TABLE payments ADD COLUMN merchant_order_no TEXT
            CHECK (merchant_order_no IS NULL OR (length(merchant_order_no) <= 32
                AND merchant_order_no NOT GLOB '*[^0-9A-Za-z_]*'));
        CREATE UNIQUE INDEX payments_by_merchant_order_no ON payments(merchant_order_no)
            WHERE merchant_order_no IS NOT NULL;
        """
}
