import GRDB

/// The settings a technician stored with the shell's `config set` (the `settings` table), read when a
/// station starts: the board says what the hardware is, these say how this station runs it.
public enum StoredSettings {
    /// Every stored key and value.
    public static func read(_ database: KioskDatabase) throws(StoreError) -> [String: String] {
        do {
            return try database.pool.read { db in
                Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM settings").map { ($0[0], $0[1]) },
                           uniquingKeysWith: { $1 })
            }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }
}
