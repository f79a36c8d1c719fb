import Foundation
import Logging
import PostgresNIO

/// Where the hub's PostgreSQL is: a `postgres://user[:password]@host[:port]/database` URL.
public enum HubDatabase {
    public struct BadURL: Error, CustomStringConvertible {
        public let url: String
        public var description: String { "not a postgres://user@host:port/database URL: \(url)" }
    }

    /// The client configuration for `url` (loopback and private networks: TLS is not used).
    public static func configuration(_ url: String, maximumConnections: Int = 20) throws(BadURL) -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty
        else { throw BadURL(url: url) }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? user : database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// Runs `body` with a client connected to `url`, the client's pool running for as long as it does.
    public static func withClient<T: Sendable>(_ url: String, logger: Logger,
                                               _ body: @Sendable @escaping (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: try configuration(url), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask { try await body(client) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            preconditionFailure("the body's task returns a value")
        }
    }
}
