import GRDB

/// The `settings` table: what a technician stored with the shell's `config set`, read by the shell and
/// when a station starts (the board says what the hardware is, these say how this station runs it).
public enum StoredSettings {
    /// Every stored key and value.
    public static func read(_ database: KioskDatabase) throws(StoreError) -> [String: String] {
        try access(database) { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM settings").map { ($0[0], $0[1]) },
                       uniquingKeysWith: { $1 })
        }
    }

    /// The value stored under `key`, if any.
    public static func value(of key: String, in database: KioskDatabase) throws(StoreError) -> String? {
        try access(database) { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    public static func store(_ value: String, as key: String, in database: KioskDatabase) throws(StoreError) {
        do {
            try database.pool.write { db in
                try db.execute(
                    sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    private static func access<T>(_ database: KioskDatabase, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.pool.read(body)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }
}
