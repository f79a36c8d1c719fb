import Foundation
import Logging

/// One app's calls to Alipay's open API gateway, shared by the payment adapter and the payee: each request
/// a form signed RSA2 with the app's key, each answer verified with Alipay's public key. An answer that
/// fails its signature, or names another order than the one asked about, is no answer.
struct AlipayGatewayClient {
    let gateway: URL
    let appID: String
    let appKey: RSAPrivateKey
    let alipayKey: RSAPublicKey
    let transport: any AcquirerTransport
    let clock: any AcquirerClock
    let timeoutMs: Int64
    let logger: Logger

    /// Posts `method` with `business` (a JSON object's text) as its `biz_content`; the verified answer's
    /// members, or nil (none came, it failed its signature, or its `orderField` is not `order`).
    func call(_ method: String, business: String, orderField: String, order: String) -> [String: String]? {
        let parameters = [
            "app_id": appID, "method": method, "format": "JSON", "charset": "utf-8", "sign_type": "RSA2",
            "timestamp": AlipayOpenAPI.timestamp(wallMs: clock.wallMs()), "version": "1.0",
            "biz_content": business,
        ]
        guard let bytes = transport.post(gateway, body: AlipayOpenAPI.signedForm(parameters, key: appKey),
                                         contentType: "application/x-www-form-urlencoded;charset=utf-8",
                                         timeoutMs: timeoutMs)
        else {
            logger.info("alipay did not answer", metadata: ["method": "\(method)", "\(orderField)": "\(order)"])
            return nil
        }
        guard let answer = AlipayOpenAPI.verifiedAnswer(bytes, method: method, publicKey: alipayKey),
              answer[orderField].map({ $0 == order }) ?? true
        else {
            logger.warning("alipay answer refused: not signed by Alipay's key, or not about this order",
                           metadata: ["method": "\(method)", "\(orderField)": "\(order)"])
            return nil
        }
        return answer
    }
}
