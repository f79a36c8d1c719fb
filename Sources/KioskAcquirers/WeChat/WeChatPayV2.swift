import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

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

    /// The fields of a flat `<xml>` answer; nil for anything else: not XML, a document type (no entities
    /// are ever expanded), nesting below the fields, a field twice, or too many fields.
    public static func fields(of answer: [UInt8]) -> [String: String]? {
        guard !answer.isEmpty, answer.count <= HTTPSTransport.maxAnswerBytes else { return nil }
        let upper = String(decoding: answer, as: UTF8.self).uppercased()
        guard !upper.contains("<!DOCTYPE"), !upper.contains("<!ENTITY") else { return nil }
        let collector = FlatXMLCollector()
        let parser = XMLParser(data: Data(answer))
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        guard parser.parse(), !collector.malformed, collector.sawRoot else { return nil }
        return collector.fields
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

/// Collects the children of the root element as name → text.
private final class FlatXMLCollector: NSObject, XMLParserDelegate {
    var fields: [String: String] = [:]
    var malformed = false
    var sawRoot = false
    private var depth = 0
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        if depth == 1 { sawRoot = true }
        if depth > 2 { fail(parser) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if depth == 2 {
            if fields[elementName] != nil || fields.count >= WeChatPayV2.maxFields { fail(parser) }
            fields[elementName] = text
        }
        depth -= 1
        text = ""
    }

    private func fail(_ parser: XMLParser) {
        malformed = true
        parser.abortParsing()
    }
}
