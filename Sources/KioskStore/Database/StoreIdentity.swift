import GRDB

/// The random id of this database incarnation (see ``V4StoreIdentitySchema``).
public enum StoreIdentity {
    /// Six characters of `0-9A-Z` (36⁶ ≈ 2.2 billion), from the system's random source.
    static func newStoreID() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The store id of `database`.
    public static func storeID(of database: KioskDatabase) throws(StoreError) -> String {
        try database.reading { db in
            try String.fetchOne(db, sql: "SELECT store_id FROM store_identity WHERE singleton = 1") ?? ""
        }
    }

    /// Gives the database at `path` a new store id: a restored backup is a new incarnation, whose
    /// charges must not reuse the numbers the original already sent.
    static func renew(databaseAt path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            // A backup older than the identity gets a fresh one from its migration when it is opened.
            guard try db.tableExists("store_identity") else { return }
            try db.execute(sql: "UPDATE store_identity SET store_id = ? WHERE singleton = 1", arguments: [newStoreID()])
        }
        try queue.close()
    }
}
