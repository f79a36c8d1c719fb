import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The hub's answer to one request: its HTTP status and body.
public struct UplinkResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// Carries one signed request to the hub. Tests put a hub in-process behind it; the station uses
/// ``URLSessionUplinkTransport``.
public protocol UplinkTransport: Sendable {
    func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse
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
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let http = response as? HTTPURLResponse {
                    continuation.resume(returning: UplinkResponse(status: http.statusCode, body: data ?? Data()))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }.resume()
        }
    }
}
