import Foundation
import KioskStore

/// The ``ShellHost`` for `kiosk shell --data-dir D` when no kiosk is running: everything the database
/// alone can answer, and a plain "not available in standalone mode" for the rest.
public final class StandaloneHost: ShellHost {
    private let database: KioskDatabase
    private let listings: StationListings
    private let wallClock: @Sendable () -> Int64

    /// Answers from `database`; `wallClock` names backup files.
    public init(database: KioskDatabase, wallClock: @escaping @Sendable () -> Int64 = SystemShellClock().wallTime_ms) {
        self.database = database
        listings = StationListings(database: database)
        self.wallClock = wallClock
    }

    public var modeDescription: String { "standalone" }

    public func status() throws -> StationStatus {
        let counts = try listings.counts()
        let uplink = try UplinkStore(database: database).progress()
        return StationStatus(
            uptime_ms: nil,
            board: nil,
            devices: [],
            queueDepths: [
                QueueDepth(name: "outbox", depth: counts.pendingOutbox),
                QueueDepth(name: "print_jobs", depth: counts.waitingPrintJobs),
            ],
            openOrders: counts.openOrders,
            pendingPayments: counts.unsettledPayments,
            diskFree_bytes: Self.diskFree_bytes(path: database.dataDirectory),
            lastSync_ms: uplink.lastUploadMs,
            uplinkBacklog: uplink.enrolment == nil ? nil : uplink.backlog,
            uplinkProblem: uplink.lastProblem,
            countyDocuments: try Self.countyDocumentLines(database)
        )
    }

    /// Each county document the station holds, in use or waiting to be applied between orders, and the
    /// last version refused of each kind with why.
    public static func countyDocumentLines(_ database: KioskDatabase) throws -> [String] {
        let store = DownlinkStore(database: database)
        var lines = try store.held().map { record in
            "\(record.kind) v\(record.version) " + (record.appliedMs.map { "in use since \(ShellFormat.time($0)) 使用中" }
                ?? "received, applied between orders 已收到，待空闲时启用")
        }
        lines += try store.lastRefusals().map { "\($0.kind) v\($0.version) refused 已拒收: \($0.problem)" }
        return lines
    }


    public func recentOrders(limit: Int) throws -> [OrderListing] {
        try listings.newestOrders(limit: limit)
    }

    public func order(id: Int64) throws -> OrderDetailListing? {
        try listings.order(id: id)
    }

    public func pendingPayments(limit: Int) throws -> [PaymentListing] {
        try listings.unsettledPayments(limit: limit)
    }

    public func checkDatabase() throws -> DatabaseCheckReport {
        try DatabaseChecker.check(database)
    }

    public func backupDatabase() throws -> String {
        let directory = URL(fileURLWithPath: database.dataDirectory).appendingPathComponent("backups").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: directory).appendingPathComponent("kiosk-\(wallClock()).sqlite").path
        try DatabaseBackup.backup(database, to: path)
        return path
    }

    public func databaseStats() throws -> DatabaseStats {
        try DatabaseStats.read(database)
    }

    public func setting(_ key: String) throws -> String? {
        try StoredSettings.value(of: key, in: database)
    }

    public func setSetting(_ key: String, value: String) throws {
        try StoredSettings.store(value, as: key, in: database)
    }

    /// Stores the level; a kiosk started later reads it.
    public func setLogLevel(_ level: String) throws {
        try setSetting("log.level", value: level)
    }

    private static func diskFree_bytes(path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}
