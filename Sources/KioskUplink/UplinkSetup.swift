import Foundation
import KioskStore
import KioskUplinkWire

/// Enrolment at the station: the hub's address and the station's id in the store, its key in
/// `uplink.key` (0600) in the data directory, never in the database (backups leave the station) nor
/// in any log.
public enum UplinkSetup {
    public static let keyFileName = "uplink.key"

    public enum Problem: Error, CustomStringConvertible {
        case badHubURL(String)
        case badStationID(String)
        case notEnrolled
        case key(StationKeyFile.Problem)

        public var description: String {
            switch self {
            case .badHubURL(let url):
                "the hub is an https:// URL (plain http:// only to a hub on this machine, such as a TLS proxy's): \(url)"
            case .badStationID(let id): "a station id is 1 to 64 of A-Z a-z 0-9 _ -: \(id)"
            case .notEnrolled: "this station is not enrolled with a hub (kiosk enrol --hub URL --station ID --key-file F)"
            case .key(let problem): problem.description
            }
        }
    }

    public static func keyPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent(keyFileName).path
    }

    /// Whether `host` is this machine: the only place the station's books may go in plain HTTP.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Copies the key from `keyFile` into the data directory and records the hub and station id.
    public static func enrol(database: KioskDatabase, hubURL: String, stationID: String, keyFile: String) throws {
        guard let url = URL(string: hubURL), let host = url.host, !host.isEmpty,
              url.scheme == "https" || (url.scheme == "http" && isLoopback(host))
        else {
            throw Problem.badHubURL(hubURL)
        }
        guard (1...64).contains(stationID.utf8.count),
              stationID.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") })
        else { throw Problem.badStationID(stationID) }
        do {
            try StationKeyFile.write(try StationKeyFile.read(keyFile), to: keyPath(dataDirectory: database.dataDirectory))
        } catch {
            throw Problem.key(error)
        }
        try UplinkStore(database: database).enrol(UplinkEnrolment(hubURL: hubURL, stationID: stationID))
    }

    /// The uplink client of an enrolled station, or nil when it is not enrolled.
    public static func client(database: KioskDatabase, transport: any UplinkTransport = URLSessionUplinkTransport(),
                              batchLimit: Int = UplinkLimits.maximumEntriesPerBatch) throws -> UplinkClient? {
        let store = UplinkStore(database: database)
        guard try store.progress().enrolment != nil else { return nil }
        let key: StationKey
        do { key = try StationKeyFile.read(keyPath(dataDirectory: database.dataDirectory)) } catch { throw Problem.key(error) }
        return UplinkClient(store: store, key: key, transport: transport, batchLimit: batchLimit)
    }

    /// The down-link client of an enrolled station (the same key and hub as its uploads), or nil when it
    /// is not enrolled; `check` is each kind's check of a document's content.
    public static func downlinkClient(database: KioskDatabase, transport: any UplinkTransport = URLSessionUplinkTransport(),
                                      check: @escaping DownlinkClient.Check) throws -> DownlinkClient? {
        let uplink = UplinkStore(database: database)
        guard try uplink.progress().enrolment != nil else { return nil }
        let key: StationKey
        do { key = try StationKeyFile.read(keyPath(dataDirectory: database.dataDirectory)) } catch { throw Problem.key(error) }
        return DownlinkClient(uplink: uplink, documents: DownlinkStore(database: database), key: key, transport: transport,
                              check: check)
    }

    /// A jitter source seeded from the system's random source: stations enrolled alike still spread out.
    public static func systemSeededRandom() -> UplinkRandom {
        var system = SystemRandomNumberGenerator()
        return UplinkRandom(seed: system.next())
    }
}
