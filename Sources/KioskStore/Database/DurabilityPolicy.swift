/// The durability settings the kiosk insists on, and the checks that prove SQLite applied them.
public enum DurabilityPolicy {
    /// `PRAGMA synchronous` value for FULL: every commit is fsynced, so a sale survives a power cut.
    public static let requiredSynchronous = 2

    /// Accepts the `PRAGMA synchronous` value read back from the writer connection only when it is FULL.
    public static func validateSynchronous(_ reported: Int, path: String) throws(StoreError) {
        guard reported == requiredSynchronous else {
            throw .synchronousNotFull(path: path, reported: reported)
        }
    }

    /// Accepts the `PRAGMA journal_mode` value only when it is WAL.
    public static func validateJournalMode(_ reported: String, path: String) throws(StoreError) {
        guard reported.lowercased() == "wal" else {
            throw .walUnavailable(path: path, reported: reported)
        }
    }
}
