import Foundation
import KioskUplinkWire
import Logging
import PostgresNIO

/// A station the hub knows, as `kiosk-hub station list` shows it.
public struct HubStation: Sendable, Equatable {
    public var stationID: String
    public var county: String
    public var revoked: Bool
    public var lastSeenMs: Int64?
    public var backlog: Int64
}

/// Enrolment on the hub's side: which stations may upload, under which key, into which county.
public struct HubStations: Sendable {
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case badStationID(String)
        case badCounty(String)
        case alreadyEnrolled(String)
        case unknown(String)

        public var description: String {
            switch self {
            case .badStationID(let id): "a station id is 1 to 64 of A-Z a-z 0-9 _ -: \(id)"
            case .badCounty(let county): "a county is 1 to 40 of a-z 0-9 _: \(county)"
            case .alreadyEnrolled(let id): "station \(id) is already enrolled (revoke it first to issue a new key)"
            case .unknown(let id): "no station \(id)"
            }
        }
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static func validStationID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F || $0 == 0x2D
        }
    }

    static func validCounty(_ county: String) -> Bool {
        (1...40).contains(county.utf8.count) && county.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F
        }
    }

    /// Enrols `stationID` in `county` with a new random key, which it returns for the station's key
    /// file. The county's partitions are created with its first station. A revoked station is enrolled
    /// again with a new key; its stored journal stays.
    public func add(_ stationID: String, county: String) async throws -> StationKey {
        guard Self.validStationID(stationID) else { throw Problem.badStationID(stationID) }
        guard Self.validCounty(county) else { throw Problem.badCounty(county) }
        let key = StationKey.random()
        let keyBytes = ByteBuffer(bytes: key.bytes)
        let added = try await client.withTransaction(logger: logger) { connection -> Bool in
            try await connection.query("SELECT pg_advisory_xact_lock(74110018)", logger: logger)
            for table in HubSchema.partitionedTables {
                // The county is checked above to be [a-z0-9_]: safe as part of a table name.
                try await connection.query(PostgresQuery(unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(table)_c_\(county) PARTITION OF \(table) FOR VALUES IN ('\(county)')
                    """), logger: logger)
            }
            let rows = try await connection.query("""
                INSERT INTO stations (station_id, county, station_key) VALUES (\(stationID), \(county), \(keyBytes))
                ON CONFLICT (station_id) DO UPDATE SET station_key = excluded.station_key, county = excluded.county,
                    revoked_at = NULL, added_at = now()
                WHERE stations.revoked_at IS NOT NULL AND stations.county = excluded.county
                RETURNING station_id
                """, logger: logger)
            for try await _ in rows { return true }
            return false
        }
        guard added else { throw Problem.alreadyEnrolled(stationID) }
        return key
    }

    /// Refuses every later upload from `stationID`; what it uploaded stays.
    public func revoke(_ stationID: String) async throws {
        let rows = try await client.query("""
            UPDATE stations SET revoked_at = now() WHERE station_id = \(stationID) AND revoked_at IS NULL RETURNING station_id
            """, logger: logger)
        for try await _ in rows { return }
        throw Problem.unknown(stationID)
    }

    public func list() async throws -> [HubStation] {
        let rows = try await client.query("""
            SELECT station_id, county, revoked_at IS NOT NULL, (extract(epoch FROM last_seen_at) * 1000)::bigint, backlog
            FROM stations ORDER BY station_id
            """, logger: logger)
        var stations: [HubStation] = []
        for try await (id, county, revoked, lastSeen, backlog) in rows.decode((String, String, Bool, Int64?, Int64).self) {
            stations.append(HubStation(stationID: id, county: county, revoked: revoked, lastSeenMs: lastSeen, backlog: backlog))
        }
        return stations
    }

    /// The key and county of an enrolled, unrevoked station, for checking its requests.
    func credentials(of stationID: String) async throws -> (key: StationKey, county: String)? {
        for try await (keyBytes, county) in try await client.execute(StationCredentials(stationID: stationID), logger: logger) {
            guard let key = StationKey(bytes: Array(keyBytes.readableBytesView)) else { return nil }
            return (key, county)
        }
        return nil
    }
}

/// A station's key and county, unless it is revoked: asked at every signed request, so prepared once per
/// connection.
struct StationCredentials: PostgresPreparedStatement {
    static let sql = "SELECT station_key, county FROM stations WHERE station_id = $1 AND revoked_at IS NULL"
    typealias Row = (ByteBuffer, String)

    let stationID: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(stationID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> (ByteBuffer, String) {
        try row.decode((ByteBuffer, String).self)
    }
}
