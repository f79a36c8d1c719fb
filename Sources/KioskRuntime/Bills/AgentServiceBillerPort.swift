import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KioskAcquirers
import KioskCore
import KioskEngine
import Logging

/// A real billers' agent service (代收费平台) behind the ``BillerPort``: HTTP + JSON, every request and
/// answer signed with HMAC-SHA256 under the station's shared secret.
///
/// A request is `POST {base}/v1/{lookup|pay|query}` with a JSON body and the headers `X-Kiosk-Station`,
/// `X-Kiosk-Timestamp` (ms) and `X-Kiosk-Signature`: lowercase hex of HMAC-SHA256(secret,
/// `timestamp \n path \n body`). The service answers 200 with a JSON body signed the same way
/// (`X-Agent-Timestamp`, `X-Agent-Signature` over `timestamp \n body`); an answer that is not signed
/// with the secret is no answer (the bill's query schedule asks again). Payments carry the bill's
/// idempotency key: the service pays a key once, and answers a repeated one with its first outcome.
///
/// Called on the ``BillerWorker``'s own queue, never on the loop: each call waits for its answer, at most
/// ``timeoutSeconds``.
public final class AgentServiceBillerPort: BillerPort, @unchecked Sendable {
    private let baseURL: URL
    private let stationID: String
    private let secret: [UInt8]
    private let session: URLSession
    /// The longest a call waits for the service.
    public let timeoutSeconds: TimeInterval

    public init(baseURL: URL, stationID: String, secret: [UInt8], timeoutSeconds: TimeInterval = 10) {
        precondition(!secret.isEmpty, "the agent service's secret is not empty")
        self.baseURL = baseURL
        self.stationID = stationID
        self.secret = secret
        self.timeoutSeconds = timeoutSeconds
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        session = URLSession(configuration: configuration)
    }

    /// The agent service `KIOSK_BILLER_URL` names, signing with the secret in the file `KIOSK_BILLER_SECRET_FILE`
    /// (kept out of the board and the logs); nil, with a warning, when either is missing: bills are then refused.
    static func fromEnvironment(stationID: String, logger: Logger) -> AgentServiceBillerPort? {
        let environment = ProcessInfo.processInfo.environment
        guard let address = environment["KIOSK_BILLER_URL"], let url = URL(string: address),
              let secretPath = environment["KIOSK_BILLER_SECRET_FILE"],
              let secret = FileManager.default.contents(atPath: secretPath).map({ [UInt8]($0).filter { $0 != 0x0A && $0 != 0x0D } }),
              !secret.isEmpty
        else {
            logger.warning("bills: no billers' agent service is configured (KIOSK_BILLER_URL, KIOSK_BILLER_SECRET_FILE): bills are refused")
            return nil
        }
        return AgentServiceBillerPort(baseURL: url, stationID: stationID, secret: secret)
    }

    public func lookUp(billerCode: String, account: String, nowMs: Int64) -> BillLookup? {
        call("lookup", ["biller": billerCode, "account": account], nowMs: nowMs).flatMap(BillerAgentAnswers.lookup)
    }

    public func pay(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply] {
        let body: [String: Any] = ["key": payment.key, "biller": payment.billerCode, "account": payment.account,
                                   "amount_fen": payment.amountFen]
        return reply(call("pay", body, nowMs: nowMs), nowMs: nowMs)
    }

    public func query(_ payment: BillerPayment, nowMs: Int64) -> [BillerReply] {
        reply(call("query", ["key": payment.key], nowMs: nowMs), nowMs: nowMs)
    }

    private func reply(_ answer: [String: Any]?, nowMs: Int64) -> [BillerReply] {
        guard let answer = answer.flatMap(BillerAgentAnswers.answer) else { return [] }
        return [BillerReply(answer, atMs: nowMs)]
    }

    /// Posts `body` to `/v1/{name}` and returns the service's signed JSON answer; nil when there is none.
    private func call(_ name: String, _ body: [String: Any], nowMs: Int64) -> [String: Any]? {
        let path = "/v1/\(name)"
        guard let url = URL(string: path, relativeTo: baseURL),
              let payload = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        else { return nil }
        let timestamp = String(nowMs)
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.httpBody = payload
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(stationID, forHTTPHeaderField: "X-Kiosk-Station")
        request.setValue(timestamp, forHTTPHeaderField: "X-Kiosk-Timestamp")
        request.setValue(BillerAgentAnswers.signature(secret, Array("\(timestamp)\n\(path)\n".utf8) + [UInt8](payload)),
                         forHTTPHeaderField: "X-Kiosk-Signature")
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, _ in
            outcome.set(data: data, response: response as? HTTPURLResponse)
            done.signal()
        }.resume()
        done.wait()
        guard let (data, response) = outcome.value, response.statusCode == 200 else { return nil }
        return BillerAgentAnswers.verified(body: [UInt8](data), timestamp: response.value(forHTTPHeaderField: "X-Agent-Timestamp"),
                                           signature: response.value(forHTTPHeaderField: "X-Agent-Signature"), secret: secret)
    }

    /// The answer handed from URLSession's queue to the waiting call.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (Data, HTTPURLResponse)?

        func set(data: Data?, response: HTTPURLResponse?) {
            lock.lock()
            defer { lock.unlock() }
            if let data, let response { stored = (data, response) }
        }

        var value: (Data, HTTPURLResponse)? {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
    }
}
