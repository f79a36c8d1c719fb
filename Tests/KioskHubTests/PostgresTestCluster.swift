import Foundation
import KioskHub
import Logging
import PostgresNIO
import Synchronization

/// The private PostgreSQL cluster the hub's tests share, and a fresh database for each test, so tests
/// never see each other's rows. scripts/test starts the cluster and names it in
/// `KIOSK_HUB_TEST_CLUSTER_URL`; a bare `swift test` starts it here, once per test process, with
/// scripts/postgres (a data directory under the system's temporary folder, reused while it runs).
enum PostgresTestCluster {
    static let logger: Logger = {
        var logger = Logger(label: "kiosk-hub-tests")
        logger.logLevel = .error
        return logger
    }()

    private static let started = Mutex<String?>(nil)

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The cluster's URL (its `postgres` database), starting it if needed.
    static func clusterURL() throws -> String {
        try started.withLock { url in
            if let url { return url }
            if let given = ProcessInfo.processInfo.environment["KIOSK_HUB_TEST_CLUSTER_URL"], !given.isEmpty {
                url = given
                return given
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-tests-pg").path
            let process = Process()
            process.executableURL = repositoryRoot.appendingPathComponent("scripts/postgres")
            process.arguments = ["start", directory]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ClusterProblem(text: "scripts/postgres start failed") }
            let started = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            url = started
            return started
        }
    }

    struct ClusterProblem: Error { let text: String }

    /// A new empty database, migrated, and its URL.
    static func freshDatabase() async throws -> String {
        let cluster = try clusterURL()
        let name = "hubtest_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await HubDatabase.withClient(cluster, logger: logger) { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let url = String(cluster[..<cluster.lastIndex(of: "/")!]) + "/\(name)"
        _ = try await HubDatabase.withClient(url, logger: logger) { client in
            try await HubSchema.migrate(client, logger: logger)
        }
        return url
    }
}
