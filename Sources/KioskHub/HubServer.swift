import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import KioskUplinkWire
import Logging
import NIOCore
import PostgresNIO

/// The hub's HTTP side. Stateless: every fact lives in PostgreSQL, so any number of hubs run side by
/// side behind a proxy.
///
/// - `POST /v1/uplink`: a signed ``UplinkBatch``; answers ``UplinkAnswer`` (200 stored, 409 gap),
///   401 for an unknown, revoked or badly signed station or a timestamp outside the replay window,
///   400 for a malformed batch.
/// - `GET /v1/documents`: signed like an upload (an empty body); answers the newest version of each county
///   document for the station's county (``DownlinkListing``), signed with the station's key.
/// - `GET /v1/stations[?county=C]`: the dashboard, one ``StationSummary`` per station.
public enum HubServer {
    public static func router(client: PostgresClient, logger: Logger,
                              nowMs: @escaping @Sendable () -> Int64 = HubServer.wallClockMs) -> Router<BasicRequestContext> {
        let stations = HubStations(client: client, logger: logger)
        let ingest = HubIngest(client: client, logger: logger)
        let dashboard = HubDashboard(client: client, logger: logger)
        let documents = HubDocuments(client: client, logger: logger)
        let router = Router()
        router.post("v1/uplink") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: UplinkLimits.maximumBodyBytes)
            let data = Data(body.readableBytesView)
            let signed: SignedRequest
            switch try await SignedRequest.check(request, method: "POST", path: UplinkSignature.uplinkPath, body: data,
                                                 stations: stations, nowMs: nowMs()) {
            case .success(let checked): signed = checked
            case .failure(let refusal): return refusal.response
            }
            let (station, credentials) = (signed.station, signed.credentials)
            let batch: UplinkBatch
            do {
                batch = try UplinkCoding.decode(UplinkBatch.self, from: data)
            } catch {
                return plain(.badRequest, "malformed batch")
            }
            guard batch.station == station else { return plain(.badRequest, "batch names another station") }
            if let problem = batch.shapeProblem { return plain(.badRequest, problem) }
            let answer = try await ingest.store(batch, county: credentials.county)
            return try json(answer.refusal == nil ? .ok : .conflict, answer)
        }
        router.get("v1/documents") { request, _ -> Response in
            let signed: SignedRequest
            switch try await SignedRequest.check(request, method: "GET", path: DownlinkLimits.documentsPath, body: Data(),
                                                 stations: stations, nowMs: nowMs()) {
            case .success(let checked): signed = checked
            case .failure(let refusal): return refusal.response
            }
            let (station, credentials, timestampMs) = (signed.station, signed.credentials, signed.timestampMs)
            let listing = DownlinkListing(station: station, documents: try await documents.newest(county: credentials.county))
            let body = try UplinkCoding.encode(listing)
            return Response(status: .ok, headers: [
                .contentType: "application/json",
                field(UplinkSignature.signatureHeader): DownlinkSignature.sign(key: credentials.key, station: station,
                                                                               requestTimestampMs: timestampMs, body: body),
            ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("v1/stations") { request, _ -> Response in
            let county = request.uri.queryParameters.get("county")
            return try json(.ok, try await dashboard.stations(dayStartMs: HubDashboard.beijingDayStart(of: nowMs()),
                                                              county: county))
        }
        router.get("v1/health") { _, _ -> Response in plain(.ok, "ok") }
        return router
    }

    /// A request a station signed with its key (``UplinkSignature``), checked: who sent it, their key and
    /// county, and the timestamp it was signed at.
    struct SignedRequest {
        let station: String
        let credentials: (key: StationKey, county: String)
        let timestampMs: Int64

        /// Why a request is not taken as the station's: a 401 naming the reason.
        struct Refusal: Error {
            let response: Response
        }

        static func check(_ request: Request, method: String, path: String, body: Data, stations: HubStations,
                          nowMs: Int64) async throws -> Result<SignedRequest, Refusal> {
            guard let station = request.headers[field(UplinkSignature.stationHeader)],
                  let timestampText = request.headers[field(UplinkSignature.timestampHeader)],
                  let timestampMs = Int64(timestampText),
                  let signature = request.headers[field(UplinkSignature.signatureHeader)],
                  HubStations.validStationID(station)
            else { return .failure(Refusal(response: plain(.unauthorized, "unsigned request"))) }
            guard let credentials = try await stations.credentials(of: station),
                  UplinkSignature.verify(signature, key: credentials.key, method: method, path: path, station: station,
                                         timestampMs: timestampMs, body: body, nowMs: nowMs)
            else { return .failure(Refusal(response: plain(.unauthorized, "unknown station, bad signature or stale timestamp"))) }
            return .success(SignedRequest(station: station, credentials: credentials, timestampMs: timestampMs))
        }
    }

    /// The hub's own TLS: its certificate chain and private key, PEM files.
    public struct TLSFiles: Sendable {
        public var certificateChainPath: String
        public var privateKeyPath: String

        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }

        func configuration() throws -> TLSConfiguration {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateChainPath)
            guard !chain.isEmpty else { throw TLSFilesProblem(text: "\(certificateChainPath) holds no certificate") }
            let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                         privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        }
    }

    struct TLSFilesProblem: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    /// Serves on `host:port` until SIGTERM/SIGINT, over TLS when `tls` is given; `onRunning` gets the
    /// bound port (useful with port 0).
    public static func serve(databaseURL: String, host: String, port: Int, tls: TLSFiles? = nil, logger: Logger,
                             onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(databaseURL: databaseURL, host: host, port: port, tls: tls, logger: logger, onRunning: onRunning)
            .runService()
    }

    /// The hub as a service (its PostgreSQL client with it), for a caller that runs it in a service group
    /// of its own and stops it gracefully (a test).
    public static func application(databaseURL: String, host: String, port: Int, tls: TLSFiles? = nil, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void) throws -> some ApplicationProtocol {
        var configuration = try HubDatabase.configuration(databaseURL)
        // Connections kept open while idle: stations that come back online together after a county-wide
        // outage find them ready, instead of each batch waiting for a new PostgreSQL backend to start.
        configuration.options.minimumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return Application(
            router: router(client: client, logger: logger),
            server: try tls.map { try .tls(.http1(), tlsConfiguration: try $0.configuration()) } ?? .http1(),
            configuration: .init(address: .hostname(host, port: port), serverName: "kiosk-hub"),
            services: [client],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    @Sendable public static func wallClockMs() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func field(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name)!
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: try UplinkCoding.encode(value))))
    }
}
