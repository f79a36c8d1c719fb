import GRDB

/// What a carrier asks the station to collect for a parcel before handing it over: cash on delivery
/// (代收货款) and a storage fee (保管费), fen. Collected on a counter order of their own (kind `parcel`).
enum V11ParcelChargesSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11_parcel_charges") { db in
            try db.execute(sql: """
                ALTER TABLE parcels ADD COLUMN cod_fen INTEGER NOT NULL DEFAULT 0 CHECK (cod_fen >= 0);
                ALTER TABLE parcels ADD COLUMN fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0);
                """)
        }
    }
}
