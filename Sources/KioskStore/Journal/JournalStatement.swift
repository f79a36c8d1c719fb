import GRDB
import GRDBSQLite

/// A value for one parameter of a ``JournalStatement``.
enum JournalValue: Sendable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    static func optional(_ value: Int64?) -> JournalValue { value.map(JournalValue.integer) ?? .null }
    static func optional(_ value: String?) -> JournalValue { value.map(JournalValue.text) ?? .null }
}

/// The write statements every core event runs (a sale runs about forty), bound and stepped through
/// the SQLite C API on GRDB's own cached statements.
///
/// GRDB's `execute(arguments:)` converts each argument through `DatabaseValue`, checks its scheduling
/// and tells its transaction observers about every statement; for these small rows that cost the engine
/// more CPU than SQLite's own work (`scripts/bench durable`). Nothing observes these tables, and the
/// transaction around them (BEGIN, COMMIT, ROLLBACK) still goes through GRDB, which follows it.
enum JournalStatement {
    /// Runs `sql` (from the connection's statement cache) with `values` bound in order, to completion.
    static func run(_ db: Database, _ sql: String, _ values: JournalValue...) throws {
        try run(db, sql, values)
    }

    /// Runs `sql` with `values` bound in order, to completion.
    static func run(_ db: Database, _ sql: String, _ values: [JournalValue]) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .integer(let number):
                code = sqlite3_bind_int64(handle, position, number)
            case .text(let text) where text.isEmpty:
                // An empty buffer may have no address, and a null pointer would bind NULL.
                code = sqlite3_bind_text(handle, position, "", 0, transient)
            case .text(let text):
                // The string's own UTF-8 when it is contiguous (as Swift's native strings are), no copy.
                code = text.utf8.withContiguousStorageIfAvailable { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { characters in
                        sqlite3_bind_text(handle, position, characters.baseAddress, Int32(characters.count), transient)
                    }
                } ?? sqlite3_bind_text(handle, position, text, -1, transient)
            case .blob(let bytes) where bytes.isEmpty:
                // A null pointer would bind NULL, not an empty blob.
                code = sqlite3_bind_zeroblob(handle, position, 0)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, position, buffer.baseAddress, Int32(buffer.count), transient)
                }
            case .null:
                code = sqlite3_bind_null(handle, position)
            }
            guard code == SQLITE_OK else { throw failure(code, db, sql) }
        }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw failure(code, db, sql) }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func failure(_ code: Int32, _ db: Database, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}
