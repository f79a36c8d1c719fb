import GRDB

/// Turns SQLite and file-system failures into the one-line ``StoreError`` a technician reads.
enum StoreErrorMapping {
    static func map(_ error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let databaseError = error as? DatabaseError else {
            return .sqlite(path: path, message: String(describing: error))
        }
        switch databaseError.resultCode {
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            return .databaseCorrupt(path: path, detail: databaseError.message ?? "malformed")
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return .dataDirectoryNotWritable(path: directory(of: path))
        default:
            return .sqlite(path: path, message: databaseError.message ?? "\(databaseError.resultCode)")
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
