import Foundation
import KioskAcquirers
import Testing

/// The message rules themselves, on published examples and on what a forged answer looks like.
@Suite("Acquirer message rules")
struct AcquirerMessageTests {
    @Test("WeChat Pay's signature matches the example in its published signing rules")
    func wechatPublishedExample() {
        let fields = ["appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000", "body": "test",
                      "nonce_str": "ibuaiVcKdpRxkhJA", "empty": ""]
        #expect(WeChatPayV2.signingText(fields)
            == "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA")
        #expect(WeChatPayV2.signature(of: fields, apiKey: Array("192006250b4c09247ec02edce69f6a2d".utf8))
            == "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6")
    }

    @Test("a WeChat answer verifies only unchanged, under its key, and a document type is refused")
    func wechatAnswerVerification() throws {
        let key = Array("an-api-key-of-thirty-two-letters".utf8)
        var fields = ["return_code": "SUCCESS", "result_code": "SUCCESS", "out_trade_no": "K_1_1", "total_fee": "1234"]
        fields["sign"] = WeChatPayV2.signature(of: fields, apiKey: key)
        let answer = WeChatPayV2.xml(fields)
        #expect(WeChatPayV2.verifiedAnswer(answer, apiKey: key) == fields)
        #expect(WeChatPayV2.verifiedAnswer(answer, apiKey: Array("another-key".utf8)) == nil)
        let altered = String(decoding: answer, as: UTF8.self).replacingOccurrences(of: "1234", with: "1")
        #expect(WeChatPayV2.verifiedAnswer(Array(altered.utf8), apiKey: key) == nil)
        let withEntity = "<!DOCTYPE xml [<!ENTITY x \"SUCCESS\">]>" + String(decoding: answer, as: UTF8.self)
        #expect(WeChatPayV2.fields(of: Array(withEntity.utf8)) == nil)
        let twice = String(decoding: answer, as: UTF8.self).replacingOccurrences(
            of: "</xml>", with: "<result_code><![CDATA[FAIL]]></result_code></xml>")
        #expect(WeChatPayV2.fields(of: Array(twice.utf8)) == nil, "a field given twice is not an answer")
    }

    @Test("WeChat's flat XML reads with a declaration, entities, character references and split CDATA; nothing else")
    func wechatFlatXML() {
        let answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <a>x &amp; y &lt;&#20013;&#x6587;&gt;</a>\n"
            + "  <b><![CDATA[]]]]><![CDATA[>]]></b><c/>\n</xml>\n"
        #expect(WeChatPayV2.fields(of: Array(answer.utf8)) == ["a": "x & y <中文>", "b": "]]>", "c": ""])
        for refused in ["<xml><a>1</a>", "<xml><a><b>1</b></a></xml>", "<xml><a x=\"1\">1</a></xml>",
                        "<xml><a>&ext;</a></xml>", "<xml><!-- c --><a>1</a></xml>", "<xml><a>1</b></xml>",
                        "<xml><a>1</a></xml>trailing"] {
            #expect(WeChatPayV2.fields(of: Array(refused.utf8)) == nil, "\(refused)")
        }
        #expect(WeChatPayV2.fields(of: Array("<xml><a>".utf8) + [0xFF] + Array("</a></xml>".utf8)) == nil, "not UTF-8")
    }

    @Test("Alipay's timestamp is Beijing time and its amounts are yuan with two decimals")
    func alipayFormats() {
        // 2026-11-23 00:00:00 in Beijing is 2026-11-22 16:00:00 UTC.
        #expect(AlipayOpenAPI.timestamp(wallMs: 1_795_363_200_000) == "2026-11-23 00:00:00")
        #expect(AlipayOpenAPI.timestamp(wallMs: 951_782_399_000) == "2000-02-29 07:59:59")
        #expect(AlipayOpenAPI.jsonObject([("subject", "村\"站\\"), ("total_amount", "0.05")])
            == #"{"subject":"村\"站\\","total_amount":"0.05"}"#)
    }

    @Test("Alipay's signed part is the exact text of the response object, wherever the sign stands")
    func alipaySignedPart() throws {
        let body = #"{"sign":"YWJj\/ZA==", "alipay_trade_query_response" : {"code":"10000","msg":"\u6210\u529f","n":{"a":"}"}} }"#
        let part = try #require(AlipayOpenAPI.signedPart(of: Array(body.utf8), responseKey: "alipay_trade_query_response"))
        #expect(String(decoding: part.content, as: UTF8.self) == #"{"code":"10000","msg":"\u6210\u529f","n":{"a":"}"}}"#)
        #expect(part.sign == "YWJj/ZA==")
        let twice = #"{"alipay_trade_pay_response":{"code":"10000"},"alipay_trade_pay_response":{"code":"10000"},"sign":"x"}"#
        #expect(AlipayOpenAPI.signedPart(of: Array(twice.utf8), responseKey: "alipay_trade_pay_response") == nil)
        let unsigned = #"{"alipay_trade_pay_response":{"code":"10000"}}"#
        #expect(AlipayOpenAPI.signedPart(of: Array(unsigned.utf8), responseKey: "alipay_trade_pay_response") == nil)
    }
}
