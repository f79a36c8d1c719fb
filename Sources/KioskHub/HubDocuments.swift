import Foundation
import KioskUplinkWire
import Logging
import PostgresNIO

/// A published version of a county document, as `kiosk-hub document list` shows it.
public struct HubDocumentVersion: Sendable, Equatable {
    public var county: String
    public var kind: String
    public var version: Int64
    public var bytes: Int
    public var sha256: String
    public var publishedAtMs: Int64
}

/// The county's documents for its stations (the down-link): each publish is a new version, kept; a
/// station is sent the newest of each kind for its county.
public struct HubDocuments: Sendable {
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case badCounty(String)
        case unknownKind(String)
        case empty
        case tooLarge(Int)
        case notText

        public var description: String {
            switch self {
            case .badCounty(let county): "a county is 1 to 40 of a-z 0-9 _: \(county)"
            case .unknownKind(let kind):
                "no document kind \(kind) (known: \(DownlinkKind.allCases.map(\.rawValue).joined(separator: ", ")))"
            case .empty: "the document is empty"
            case .tooLarge(let bytes): "the document is \(bytes) bytes; at most \(DownlinkLimits.maximumDocumentBytes)"
            case .notText: "the document is not UTF-8 text"
            }
        }
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Publishes `body` as the next version of `kind` for `county`; returns that version. The hub checks
    /// only the envelope (kind, size, text): each station checks the content whole before it takes it.
    public func publish(county: String, kind: String, body: Data, nowMs: Int64) async throws -> Int64 {
        guard HubStations.validCounty(county) else { throw Problem.badCounty(county) }
        guard DownlinkKind(rawValue: kind) != nil else { throw Problem.unknownKind(kind) }
        guard !body.isEmpty else { throw Problem.empty }
        guard body.count <= DownlinkLimits.maximumDocumentBytes else { throw Problem.tooLarge(body.count) }
        guard String(data: body, encoding: .utf8) != nil else { throw Problem.notText }
        let bytes = ByteBuffer(bytes: body)
        let sha256 = DownlinkDocument.sha256Hex(body)
        return try await client.withTransaction(logger: logger) { connection -> Int64 in
            // One publisher at a time per hub database: versions are gapless.
            try await connection.query("SELECT pg_advisory_xact_lock(74110019)", logger: logger)
            let rows = try await connection.query("""
                INSERT INTO documents (county, kind, version, body, sha256, published_at_ms)
                SELECT \(county), \(kind), coalesce(max(version), 0) + 1, \(bytes), \(sha256), \(nowMs)
                FROM documents WHERE county = \(county) AND kind = \(kind)
                RETURNING version
                """, logger: logger)
            for try await version in rows.decode(Int64.self) { return version }
            preconditionFailure("INSERT … RETURNING gives the row it inserted")
        }
    }

    /// The newest version of each kind for `county`.
    public func newest(county: String) async throws -> [DownlinkDocument] {
        let rows = try await client.query("""
            SELECT DISTINCT ON (kind) kind, version, body FROM documents WHERE county = \(county)
            ORDER BY kind, version DESC
            """, logger: logger)
        var documents: [DownlinkDocument] = []
        for try await (kind, version, body) in rows.decode((String, Int64, ByteBuffer).self) {
            documents.append(DownlinkDocument(kind: kind, version: version, body: Data(body.readableBytesView)))
        }
        return documents
    }

    /// Every published version, newest first per county and kind; one county's with `county`.
    public func list(county: String?) async throws -> [HubDocumentVersion] {
        // A NULL parameter has no type PostgreSQL can infer, so the unfiltered list is its own query.
        let query: PostgresQuery = if let county {
            """
            SELECT county, kind, version, length(body), sha256, published_at_ms FROM documents
            WHERE county = \(county) ORDER BY county, kind, version DESC
            """
        } else {
            "SELECT county, kind, version, length(body), sha256, published_at_ms FROM documents ORDER BY county, kind, version DESC"
        }
        let rows = try await client.query(query, logger: logger)
        var versions: [HubDocumentVersion] = []
        for try await (county, kind, version, bytes, sha256, published) in rows.decode((String, String, Int64, Int32, String, Int64).self) {
            versions.append(HubDocumentVersion(county: county, kind: kind, version: version, bytes: Int(bytes), sha256: sha256,
                                               publishedAtMs: published))
        }
        return versions
    }
}
