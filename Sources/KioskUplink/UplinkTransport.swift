import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The hub's answer to one request: its HTTP status and body.
public struct UplinkResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data
    /// The answer's headers, names in lowercase.
    public var headers: [String: String]

    public init(status: Int, body: Data, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }
}

/// Carries one signed request to the hub. Tests put a hub in-process behind it; the station uses
/// ``URLSessionUplinkTransport``.
public protocol UplinkTransport: Sendable {
    func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse
    /// A GET for the county's documents.
    func get(_ url: URL, headers: [String: String]) async throws -> UplinkResponse
}

extension UplinkTransport {
    /// A transport that only uploads (a test's in-process hub, the fleet's) has no documents to give.
    public func get(_ url: URL, headers: [String: String]) async throws -> UplinkResponse {
        UplinkResponse(status: 404, body: Data("no documents here".utf8))
    }
}

/// HTTP(S) through Foundation's URLSession: one request at a time, a bounded timeout, no cookies or
/// caches (the station talks to one hub and nothing it says should linger on disk). URLSession is
/// thread-safe; the transport holds nothing else.
public final class URLSessionUplinkTransport: UplinkTransport, @unchecked Sendable {
    private let session: URLSession

    /// `maximumConnectionsPerHost`: 1 at a station (one batch at a time); more where one process drives
    /// many stations.
    public init(timeoutSeconds: Double = 30, maximumConnectionsPerHost: Int = 1) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds * 2
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    public func get(_ url: URL, headers: [String: String]) async throws -> UplinkResponse {
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> UplinkResponse {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let http = response as? HTTPURLResponse {
                    var headers: [String: String] = [:]
                    for (name, value) in http.allHeaderFields {
                        if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                    }
                    continuation.resume(returning: UplinkResponse(status: http.statusCode, body: data ?? Data(), headers: headers))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }.resume()
        }
    }
}
