import Foundation
import KioskEngine

/// WeChat Pay's v2 API messages (付款码支付 and its order query, reversal and refund): flat XML
/// `<xml><k><![CDATA[v]]></k>…</xml>`, signed with HMAC-SHA256 under the merchant's API key over the
/// parameters sorted by name (`k1=v1&k2=v2…&key=KEY`, empty values and `sign` left out), uppercase hex.
/// Pure functions over bytes: the adapter, the tests and the fuzz checks use the same ones.
public enum WeChatPayV2 {
    /// Answers are a few dozen fields; more is not an answer.
    public static let maxFields = 64

    /// The text the signature covers, before `&key=`.
    public static func signingText(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "sign" && !$0.value.isEmpty }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// The HMAC-SHA256 `sign` of `fields` under `apiKey`.
    public static func signature(of fields: [String: String], apiKey: [UInt8]) -> String {
        AcquirerCrypto.hmacSHA256UppercaseHex(key: apiKey, message: Array((signingText(fields) + "&key=").utf8) + apiKey)
    }

    /// Whether `fields` carry a `sign` that is theirs under `apiKey` (compared in constant time).
    public static func isSigned(_ fields: [String: String], apiKey: [UInt8]) -> Bool {
        guard let sign = fields["sign"] else { return false }
        return AcquirerCrypto.constantTimeEqual(Array(sign.utf8), Array(signature(of: fields, apiKey: apiKey).utf8))
    }

    /// `fields` with their `sign` added, as the XML body of a request.
    public static func signedRequest(_ fields: [String: String], apiKey: [UInt8]) -> [UInt8] {
        var signed = fields
        signed["sign"] = signature(of: fields, apiKey: apiKey)
        return xml(signed)
    }

    /// `<xml>` with one CDATA element per field, in name order.
    public static func xml(_ fields: [String: String]) -> [UInt8] {
        var text = "<xml>"
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            // "]]>" cannot sit inside one CDATA section: it is split across two.
            let escaped = value.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>")
            text += "<\(name)><![CDATA[\(escaped)]]></\(name)>"
        }
        return Array((text + "</xml>").utf8)
    }

    /// The fields of a flat `<xml>` answer; nil for anything else: not XML, a document type or any other
    /// declaration (no entity is ever defined or expanded beyond XML's five and character references),
    /// attributes, nesting below the fields, a field twice, or too many fields.
    public static func fields(of answer: [UInt8]) -> [String: String]? {
        guard !answer.isEmpty, answer.count <= HTTPSTransport.maxAnswerBytes else { return nil }
        var reader = FlatXMLReader(answer)
        return reader.document()
    }

    /// The fields of an answer that says `return_code` SUCCESS and is signed under `apiKey`; nil for any
    /// other (a communication failure's answer is unsigned, and is no answer).
    public static func verifiedAnswer(_ answer: [UInt8], apiKey: [UInt8]) -> [String: String]? {
        guard let fields = fields(of: answer), fields["return_code"] == "SUCCESS", isSigned(fields, apiKey: apiKey) else {
            return nil
        }
        return fields
    }

    /// micropay `err_code`s that say no money was or will be taken: the customer's code is refused.
    /// Any other error (`USERPAYING`, `SYSTEMERROR`, `BANKERROR`, `ORDERPAID`, one not listed) leaves
    /// the charge to be queried.
    public static let declinedErrorCodes: Set<String> = [
        "AUTHCODEEXPIRE", "AUTH_CODE_INVALID", "AUTH_CODE_ERROR", "NOTENOUGH", "NOTSUPORTCARD", "ORDERCLOSED",
        "ORDERREVERSED", "BUYER_MISMATCH", "PARAM_ERROR", "NOAUTH", "XML_FORMAT_ERROR", "REQUIRE_POST_METHOD",
        "SIGNERROR", "LACK_PARAMS", "NOT_UTF8", "TRADE_ERROR", "INVALID_REQUEST", "POST_DATA_EMPTY",
        "APPID_NOT_EXIST", "MCHID_NOT_EXIST", "APPID_MCHID_NOT_MATCH",
    ]

    /// What a verified micropay answer settles.
    static func chargeStart(_ answer: [String: String]?) -> ChargeStart {
        guard let answer else { return .unsettled }
        if answer["result_code"] == "SUCCESS" { return .approved }
        if answer["result_code"] == "FAIL", let error = answer["err_code"], declinedErrorCodes.contains(error) {
            return .declined
        }
        return .unsettled
    }

    /// What a verified orderquery answer says of a payment QR's order (NATIVE): NOTPAY and USERPAYING
    /// are still payable; an order WeChat does not know was never placed, so nobody can pay it. Nil when
    /// it says nothing sure.
    public static func qrState(_ answer: [String: String]) -> QRPaymentState? {
        if answer["result_code"] == "FAIL" {
            return answer["err_code"] == "ORDERNOTEXIST" ? .closed : nil
        }
        guard answer["result_code"] == "SUCCESS" else { return nil }
        switch answer["trade_state"] {
        case "SUCCESS", "REFUND": return .paid
        case "NOTPAY", "USERPAYING": return .waiting
        case "CLOSED", "REVOKED", "PAYERROR": return .closed
        default: return nil
        }
    }

    /// What a verified orderquery answer says; nil when it says nothing sure (a system error, a state
    /// not documented).
    public static func tradeState(_ answer: [String: String]) -> TradeState? {
        if answer["result_code"] == "FAIL" {
            return answer["err_code"] == "ORDERNOTEXIST" ? .notPaid : nil
        }
        guard answer["result_code"] == "SUCCESS" else { return nil }
        switch answer["trade_state"] {
        case "SUCCESS", "REFUND": return .paid
        case "NOTPAY", "CLOSED", "REVOKED", "PAYERROR": return .notPaid
        case "USERPAYING": return .paying
        default: return nil
        }
    }
}

/// Reads the flat XML WeChat Pay answers with: an optional `<?xml …?>` declaration, one root element, and
/// under it elements holding text and CDATA sections only. Written for exactly that, so nothing else in
/// XML (document types, entities, comments, attributes) can reach the adapter.
struct FlatXMLReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() -> [String: String]? {
        skipSpace()
        if starts(with: "<?xml") {
            guard let end = find("?>", from: index) else { return nil }
            index = end + 2
            skipSpace()
        }
        guard consume("<"), let root = name(), consume(">") else { return nil }
        var fields: [String: String] = [:]
        while true {
            skipSpace()
            if starts(with: "</") {
                index += 2
                guard name() == root, consume(">") else { return nil }
                skipSpace()
                return index == bytes.count ? fields : nil
            }
            guard consume("<"), let field = name(), fields[field] == nil, fields.count < WeChatPayV2.maxFields else {
                return nil
            }
            if consume("/>") {
                fields[field] = ""
                continue
            }
            guard consume(">"), let text = content(), consume("</"), name() == field, consume(">") else { return nil }
            fields[field] = text
        }
    }

    /// Text and CDATA sections up to the next tag, character references decoded; nil for anything else.
    private mutating func content() -> String? {
        var text: [UInt8] = []
        while index < bytes.count {
            if starts(with: "<![CDATA[") {
                guard let end = find("]]>", from: index + 9) else { return nil }
                text += bytes[index + 9 ..< end]
                index = end + 3
            } else if bytes[index] == UInt8(ascii: "<") {
                return String(bytes: text, encoding: .utf8)
            } else if bytes[index] == UInt8(ascii: "&") {
                guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ";")), end - index <= 10,
                      let scalar = Self.reference(String(decoding: bytes[index + 1 ..< end], as: UTF8.self))
                else { return nil }
                text += Array(String(Character(scalar)).utf8)
                index = end + 1
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        return nil
    }

    /// XML's five predefined entities and character references (`&#20013;`, `&#x4E2D;`).
    private static func reference(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
    }

    /// An element name: a letter or `_`, then letters, digits, `_`, `-` or `.`.
    private mutating func name() -> String? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            let isOther = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
            guard isLetter || (index > start && isOther) else { break }
            index += 1
        }
        return index > start ? String(decoding: bytes[start ..< index], as: UTF8.self) : nil
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        return bytes.count - index >= pattern.count && bytes[index ..< index + pattern.count].elementsEqual(pattern)
    }

    private mutating func consume(_ text: String) -> Bool {
        guard starts(with: text) else { return false }
        index += text.utf8.count
        return true
    }

    private func find(_ text: String, from start: Int) -> Int? {
        let pattern = Array(text.utf8)
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        return (start ... bytes.count - pattern.count).first { bytes[$0 ..< $0 + pattern.count].elementsEqual(pattern) }
    }
}
