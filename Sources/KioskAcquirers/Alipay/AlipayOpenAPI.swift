import Foundation
import KioskEngine

/// Alipay's open API messages (当面付 `alipay.trade.pay` with `scene=bar_code`, `alipay.trade.query`,
/// `.cancel`, `.refund`): a form posted to the gateway, signed RSA2 (SHA256withRSA, base64) over every
/// parameter but `sign`, sorted by name, `k=v&…` with the values as they are (not URL-encoded). The answer
/// is JSON `{"<method>_response":{…},"sign":"…"}` and its signature covers the exact text of the
/// response object. Pure functions over bytes: the adapter, the tests and the fuzz checks use the same ones.
public enum AlipayOpenAPI {
    /// The text a request's signature covers.
    public static func signingText(_ parameters: [String: String]) -> String {
        parameters.filter { $0.key != "sign" && !$0.value.isEmpty }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// The form body of `parameters` with their `sign` added.
    public static func signedForm(_ parameters: [String: String], key: RSAPrivateKey) -> [UInt8] {
        var signed = parameters
        signed["sign"] = Data(key.sign(Array(signingText(parameters).utf8))).base64EncodedString()
        let pairs = signed.sorted { $0.key < $1.key }.map { "\(formEncoded($0.key))=\(formEncoded($0.value))" }
        return Array(pairs.joined(separator: "&").utf8)
    }

    /// `application/x-www-form-urlencoded`: everything but letters, digits and `-._~` percent-encoded.
    static func formEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no daylight saving) for `wallMs`.
    public static func timestamp(wallMs: Int64) -> String {
        let seconds = wallMs / 1000 + 8 * 3600
        let days = seconds / 86_400 - (seconds % 86_400 < 0 ? 1 : 0)
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    }

    /// A JSON object of string members, then of `objects` (members whose values are JSON objects' text
    /// already), in the order given (the `biz_content`).
    public static func jsonObject(_ members: [(String, String)], objects: [(String, String)] = []) -> String {
        let strings = members.map { "\(jsonString($0.0)):\(jsonString($0.1))" }
        let nested = objects.map { "\(jsonString($0.0)):\($0.1)" }
        return "{" + (strings + nested).joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20:
                quoted += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// `alipay.trade.pay` → `alipay_trade_pay_response`.
    public static func responseKey(of method: String) -> String {
        method.replacingOccurrences(of: ".", with: "_") + "_response"
    }

    /// The exact bytes of the `responseKey` member's value and the decoded top-level `sign`, as they
    /// appear in `answer`; nil when the answer is not a JSON object holding both once each.
    public static func signedPart(of answer: [UInt8], responseKey: String) -> (content: [UInt8], sign: String)? {
        guard answer.count <= HTTPSTransport.maxAnswerBytes else { return nil }
        var scanner = JSONTextScanner(answer)
        guard let members = scanner.topLevelMembers() else { return nil }
        let wanted = Array(responseKey.utf8)
        let responses = members.filter { $0.name == wanted }
        let signs = members.filter { $0.name == Array("sign".utf8) }
        guard responses.count == 1, signs.count == 1, answer[responses[0].value.lowerBound] == UInt8(ascii: "{"),
              let sign = try? JSONSerialization.jsonObject(with: Data(answer[signs[0].value]), options: .fragmentsAllowed)
                as? String
        else { return nil }
        return (Array(answer[responses[0].value]), sign)
    }

    /// The members of the response object in an answer signed by Alipay (`publicKey`), each as text; nil
    /// for an answer that does not verify (it is no answer).
    public static func verifiedAnswer(_ answer: [UInt8], method: String, publicKey: RSAPublicKey) -> [String: String]? {
        guard let part = signedPart(of: answer, responseKey: responseKey(of: method)),
              let signature = Data(base64Encoded: part.sign), publicKey.verify([UInt8](signature), of: part.content),
              let object = try? JSONSerialization.jsonObject(with: Data(part.content)) as? [String: Any]
        else { return nil }
        var members: [String: String] = [:]
        for (name, value) in object {
            if let text = value as? String {
                members[name] = text
            } else if let number = value as? NSNumber {
                members[name] = number.stringValue
            }
        }
        return members
    }

    /// `sub_code`s of a 40004 business failure that leave the outcome unknown: query, never decline.
    static func isUnknownOutcome(subCode: String?) -> Bool {
        guard let subCode else { return false }
        return subCode.hasSuffix("SYSTEM_ERROR") || subCode.hasSuffix("TRADE_HAS_SUCCESS")
    }

    /// What a verified `alipay.trade.pay` answer settles: 10000 paid; 10003 (waiting for the customer),
    /// 20000 (service unavailable) and a 40004 whose outcome is unknown are queried; any other 4xxxx
    /// refused the charge.
    static func chargeStart(_ answer: [String: String]?) -> ChargeStart {
        guard let answer, let code = answer["code"] else { return .unsettled }
        switch code {
        case "10000": return .approved
        case "40004": return isUnknownOutcome(subCode: answer["sub_code"]) ? .unsettled : .declined
        case "40001", "40002", "40003", "40006": return .declined
        default: return .unsettled
        }
    }

    /// What a verified `alipay.trade.query` answer says of a precreated trade (扫码支付): one not yet
    /// scanned does not exist at Alipay (TRADE_NOT_EXIST) and is still payable, like WAIT_BUYER_PAY. Nil
    /// when nothing sure.
    public static func qrState(_ answer: [String: String]) -> QRPaymentState? {
        switch answer["code"] {
        case "10000":
            switch answer["trade_status"] {
            case "TRADE_SUCCESS", "TRADE_FINISHED": return .paid
            case "WAIT_BUYER_PAY": return .waiting
            case "TRADE_CLOSED": return .closed
            default: return nil
            }
        case "40004":
            return answer["sub_code"].map { $0.hasSuffix("TRADE_NOT_EXIST") } == true ? .waiting : nil
        default:
            return nil
        }
    }

    /// What a verified `alipay.trade.query` answer says; nil when nothing sure.
    public static func tradeState(_ answer: [String: String]) -> TradeState? {
        switch answer["code"] {
        case "10000":
            switch answer["trade_status"] {
            case "TRADE_SUCCESS", "TRADE_FINISHED": return .paid
            case "WAIT_BUYER_PAY": return .paying
            case "TRADE_CLOSED": return .notPaid
            default: return nil
            }
        case "40004":
            return answer["sub_code"].map { $0.hasSuffix("TRADE_NOT_EXIST") } == true ? .notPaid : nil
        default:
            return nil
        }
    }
}

/// Finds the members of a top-level JSON object as byte ranges, without building values (nesting is
/// skipped by counting brackets, so depth costs no stack). Validates only what it needs: a value it
/// returns is later parsed in full.
struct JSONTextScanner {
    struct Member {
        let name: [UInt8]
        let value: Range<Int>
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func topLevelMembers() -> [Member]? {
        skipSpace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var members: [Member] = []
        skipSpace()
        if consume(UInt8(ascii: "}")) { return trailingSpaceOnly() ? members : nil }
        while true {
            skipSpace()
            guard let name = stringRange() else { return nil }
            skipSpace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let start = index
            guard skipValue() else { return nil }
            members.append(Member(name: Array(bytes[name.lowerBound + 1 ..< name.upperBound - 1]), value: start ..< index))
            skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            return trailingSpaceOnly() ? members : nil
        }
    }

    private mutating func trailingSpaceOnly() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The range of a string token, quotes included.
    private mutating func stringRange() -> Range<Int>? {
        let start = index
        guard consume(UInt8(ascii: "\"")) else { return nil }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return start ..< index
            default: index += 1
            }
        }
        return nil
    }

    /// Skips one value: a string, an object or array (brackets counted, strings skipped), or a bare
    /// literal or number.
    private mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return stringRange() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard stringRange() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
                if depth == 0 { return true }
            }
            return false
        default:
            let start = index
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            }
            return index > start
        }
    }
}
