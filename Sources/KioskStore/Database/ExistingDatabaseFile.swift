import Foundation
import GRDB

/// Opens a database file that must already exist, for looking at it without changing it.
enum ExistingDatabaseFile {
    /// A plain connection to the file at `path`, read-write when the file allows it.
    ///
    /// Read-write is preferred even for reading: only a connection that may write can remove the
    /// `-wal` and `-shm` files on close, so inspecting a database leaves the directory as it was.
    static func open(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.databaseMissing(path: path) }
        var configuration = Configuration()
        configuration.readonly = access(path, W_OK) != 0
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
