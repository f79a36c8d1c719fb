import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How an acquirer adapter reaches its service: one HTTP POST, answered or not. Called on the gateway
/// worker's queue, never on the engine's loop, so it may block until its timeout.
public protocol AcquirerTransport: Sendable {
    /// The body of a `200 OK` answer to `body` posted to `url`, or nil when none came within `timeoutMs`
    /// (refused, reset, timed out, another status, or longer than ``HTTPSTransport/maxAnswerBytes``).
    func post(_ url: URL, body: [UInt8], contentType: String, timeoutMs: Int64) -> [UInt8]?
}

/// HTTPS through Foundation's URLSession (libcurl on Linux), one request at a time per call.
public final class HTTPSTransport: AcquirerTransport {
    /// Answers are a few hundred bytes; anything past this is not an acquirer's answer.
    public static let maxAnswerBytes = 64 * 1024
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func post(_ url: URL, body: [UInt8], contentType: String, timeoutMs: Int64) -> [UInt8]? {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: Double(timeoutMs) / 1000)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let answer = AnswerBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if error == nil, let data, (response as? HTTPURLResponse)?.statusCode == 200, data.count <= Self.maxAnswerBytes {
                answer.set([UInt8](data))
            }
            done.signal()
        }
        task.resume()
        // URLSession's own timeout counts whole seconds on Linux: the call's timeout is kept here.
        if done.wait(timeout: .now() + .milliseconds(Int(timeoutMs))) == .timedOut {
            task.cancel()
            return nil
        }
        return answer.value
    }
}

/// The answer handed from URLSession's delegate queue to the waiting worker.
private final class AnswerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?

    func set(_ value: [UInt8]) {
        lock.lock()
        bytes = value
        lock.unlock()
    }

    var value: [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return bytes
    }
}
