import Foundation
import KioskCore

/// The billers' agent service's answers (HTTP + JSON, signed), read apart from the HTTP call so the
/// reading can be fuzzed: an answer counts only when its signature — lowercase hex of
/// HMAC-SHA256(secret, `timestamp \n body`) in `X-Agent-Signature`, the timestamp in `X-Agent-Timestamp` —
/// is the station's secret's; its body is a JSON object.
///
/// A lookup answers `{"found": true, "holder": "张三华", "due_fen": 12345, "rule": "exact|at_least|any"}`
/// (or `"found": false`); a payment or a query `{"status": "success", "reference": "…"}`, `{"status":
/// "failed", "reason": "…"}`, `{"status": "pending"}` or `{"status": "unknown"}` (no payment under the key).
public enum BillerAgentAnswers {
    /// The longest answer body read, bytes; a longer one is no answer.
    public static let maximumBodyBytes = 16_384

    static let rules: [String: BillAmountRule] = ["exact": .exact, "at_least": .atLeast, "any": .any]

    /// Lowercase hex of HMAC-SHA256(`secret`, `message`).
    public static func signature(_ secret: [UInt8], _ message: [UInt8]) -> String {
        AcquirerCrypto.hmacSHA256UppercaseHex(key: secret, message: message).lowercased()
    }

    /// The JSON object of an answer signed under `secret`; nil when the signature or the body is not one.
    public static func verified(body: [UInt8], timestamp: String?, signature: String?, secret: [UInt8]) -> [String: Any]? {
        guard body.count <= maximumBodyBytes, let timestamp, let signature,
              AcquirerCrypto.constantTimeEqual(Array(signature.utf8), Array(Self.signature(secret, Array("\(timestamp)\n".utf8) + body).utf8))
        else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// What a lookup's answer says: nil when the biller has no such account or the answer is not one.
    public static func lookup(_ answer: [String: Any]) -> BillLookup? {
        guard answer["found"] as? Bool == true,
              let holder = answer["holder"] as? String,
              let due = integer(answer["due_fen"]), due >= 0,
              let rule = rules[answer["rule"] as? String ?? ""]
        else { return nil }
        return BillLookup(holderName: holder, dueFen: due, rule: rule)
    }

    /// What a payment's or a query's answer says; nil when it is not one.
    public static func answer(_ answer: [String: Any]) -> BillerAnswer? {
        switch answer["status"] as? String {
        case "success":
            guard let reference = answer["reference"] as? String, !reference.isEmpty else { return nil }
            return .succeeded(reference: reference)
        case "failed": return .failed(reason: answer["reason"] as? String ?? "")
        case "pending": return .pending
        case "unknown": return .unknown
        default: return nil
        }
    }

    /// The body the service sends for `lookup` (nil: no such account), as the station reads it back.
    public static func body(_ lookup: BillLookup?) -> [UInt8] {
        guard let lookup else { return json(["found": false]) }
        let rule = rules.first { $0.value == lookup.rule }!.key
        return json(["found": true, "holder": lookup.holderMasked, "due_fen": lookup.dueFen, "rule": rule])
    }

    /// The body the service sends for `answer`, as the station reads it back.
    public static func body(_ answer: BillerAnswer) -> [UInt8] {
        switch answer {
        case .succeeded(let reference): json(["status": "success", "reference": reference])
        case .failed(let reason): json(["status": "failed", "reason": reason])
        case .pending: json(["status": "pending"])
        case .unknown: json(["status": "unknown"])
        }
    }

    /// A whole number of fen below 2^53 (exact in a JSON number); nil for a fraction or anything larger.
    private static func integer(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double.magnitude < 9_007_199_254_740_992, double.rounded() == double else { return nil }
        return Int64(double)
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
