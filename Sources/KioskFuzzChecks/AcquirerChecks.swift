import CLibCrypto
import Foundation
import KioskAcquirers
import KioskCore
import KioskEngine
import Logging

/// What the acquirers answer: WeChat Pay's XML and Alipay's JSON. Whatever the bytes, parsing never
/// traps, and an answer that does not verify is never a payment (nor a decline, a reversal, a refund, a
/// payment QR placed, paid or closed, or a farmer's transfer): the adapter treats it as no answer. And what is signed properly reads back as it was signed,
/// and stops verifying once changed.
enum AcquirerChecks {
    /// The fuzz run's WeChat API key (a test value, not anyone's).
    static let wechatKey = Array("kiosk-fuzz-wechat-api-key-000000".utf8)
    static let wechatNames = ["return_code", "result_code", "err_code", "trade_state", "out_trade_no", "total_fee",
                              "appid", "mch_id", "recall", "nonce_str", "return_msg"]
    static let alipayNames = ["code", "msg", "sub_code", "sub_msg", "trade_status", "out_trade_no", "total_amount",
                              "retry_flag"]
    static let alipayMethods = ["alipay.trade.pay", "alipay.trade.query", "alipay.trade.cancel", "alipay.trade.refund",
                                "alipay.trade.precreate", "alipay.fund.trans.uni.transfer", "alipay.fund.trans.common.query"]
    static let timing = AcquirerTiming(requestTimeoutMs: 1, pollIntervalMs: 1, pollLimitMs: 0)
    static let code = PaymentCode(digits: "134567890123456789")!

    static var logger: Logger {
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        return logger
    }

    static func wechat(_ bytes: [UInt8]) {
        let verifies = WeChatPayV2.verifiedAnswer(bytes, apiKey: wechatKey) != nil
        let acquirer = WeChatPayAcquirer(endpoint: "http://127.0.0.1:9", appID: "wxfuzz", merchantID: "1900000109",
                                         apiKey: wechatKey, subject: "fuzz", terminalIP: "127.0.0.1",
                                         transport: CannedAnswer(bytes), timing: timing, clock: InstantClock(),
                                         logger: logger)
        if !verifies { requireNoAnswer(from: acquirer, "WeChat", scheme: .wechat) }

        var reader = ByteReader(bytes)
        var fields: [String: String] = [:]
        while !reader.isAtEnd, fields.count < 12 {
            fields[wechatNames[Int(reader.byte()) % wechatNames.count]] = printable(reader.take(Int(reader.byte() % 24)))
        }
        fields["return_code"] = "SUCCESS"
        var signed = fields
        signed["sign"] = WeChatPayV2.signature(of: fields, apiKey: wechatKey)
        let read = WeChatPayV2.verifiedAnswer(WeChatPayV2.xml(signed), apiKey: wechatKey)
        require(read == signed, "a signed WeChat answer read back as \(String(describing: read)), not \(signed)")
        if let name = fields.keys.sorted().last(where: { $0 != "return_code" }) {
            var changed = signed
            changed[name, default: ""] += "0"
            require(WeChatPayV2.verifiedAnswer(WeChatPayV2.xml(changed), apiKey: wechatKey) == nil,
                    "a WeChat answer changed after signing still verifies")
        }
    }

    static func alipay(_ bytes: [UInt8]) {
        let keys = FuzzRSAKeys.shared
        let verifies = alipayMethods.contains {
            AlipayOpenAPI.verifiedAnswer(bytes, method: $0, publicKey: keys.alipayPublic) != nil
        }
        let acquirer = AlipayAcquirer(gateway: URL(string: "http://127.0.0.1:9/gateway.do")!, appID: "2021000000000001",
                                      appKey: keys.appPrivate, alipayKey: keys.alipayPublic, subject: "fuzz",
                                      transport: CannedAnswer(bytes), timing: timing, clock: InstantClock(), logger: logger)
        if !verifies {
            requireNoAnswer(from: acquirer, "Alipay", scheme: .alipay)
            let payee = AlipayTransferPayee(gateway: URL(string: "http://127.0.0.1:9/gateway.do")!, appID: "2021000000000001",
                                            appKey: keys.appPrivate, alipayKey: keys.alipayPublic, title: "fuzz",
                                            transport: CannedAnswer(bytes), timing: timing, clock: InstantClock(), logger: logger)
            let payment = FarmerPayment(key: "FUZZ_P1", lot: "L1", farmerName: "王建国", maskedPhone: "138****8000",
                                        account: PayeeAccount("13800138000"), amountFen: 100)
            require(payee.pay(payment, nowMs: 0).isEmpty, "an unverified Alipay answer settled a transfer")
            require(payee.query(payment, nowMs: 0).isEmpty, "an unverified Alipay answer settled a transfer query")
        }

        var reader = ByteReader(bytes)
        let layout = reader.byte()
        var members: [String: String] = [:]
        while !reader.isAtEnd, members.count < 8 {
            members[alipayNames[Int(reader.byte()) % alipayNames.count]] = printable(reader.take(Int(reader.byte() % 24)))
        }
        let method = alipayMethods[Int(layout) % alipayMethods.count]
        let content = AlipayOpenAPI.jsonObject(members.sorted { $0.key < $1.key })
        let sign = Data(keys.alipayPrivate.sign(Array(content.utf8))).base64EncodedString()
        let space = layout & 0x10 != 0 ? " \n" : ""
        func answer(_ sign: String) -> [UInt8] {
            let response = "\"\(AlipayOpenAPI.responseKey(of: method))\":\(space)\(content)"
            let signature = "\"sign\":\(space)\"\(sign)\""
            return Array((layout & 0x20 != 0 ? "{\(signature),\(space)\(response)}" : "{\(response),\(signature)}").utf8)
        }
        let read = AlipayOpenAPI.verifiedAnswer(answer(sign), method: method, publicKey: keys.alipayPublic)
        require(read == members, "a signed Alipay answer read back as \(String(describing: read)), not \(members)")
        let forged = (sign.first == "A" ? "B" : "A") + sign.dropFirst()
        require(AlipayOpenAPI.verifiedAnswer(answer(forged), method: method, publicKey: keys.alipayPublic) == nil,
                "an Alipay answer with a changed signature still verifies")
    }

    /// Every call of `acquirer` answered with bytes that do not verify: no payment, no decline, nothing done.
    private static func requireNoAnswer(from acquirer: any PaymentGatewayPort, _ name: String, scheme: PaymentScheme) {
        let charge = acquirer.charge(key: "FUZZ_1_1", code: code, amountFen: 100, nowMs: 0)
        require(charge == .noAnswer, "an unverified \(name) answer settled a charge: \(charge)")
        require(acquirer.query(key: "FUZZ_1_1", nowMs: 0) == nil, "an unverified \(name) answer settled a query")
        require(!acquirer.reverse(key: "FUZZ_1_1", nowMs: 0), "an unverified \(name) answer reversed a charge")
        require(!acquirer.refund(key: "FUZZ_1_1", amountFen: 100, nowMs: 0), "an unverified \(name) answer refunded")
        require(acquirer.presentQR(key: "FUZZ_1_1", scheme: scheme, amountFen: 100, nowMs: 0) == nil,
                "an unverified \(name) answer placed a payment QR")
        require(acquirer.pollQR(key: "FUZZ_1_1", scheme: scheme, nowMs: 0) == nil, "an unverified \(name) answer settled a QR")
        require(acquirer.closeQR(key: "FUZZ_1_1", scheme: scheme, nowMs: 0) == nil, "an unverified \(name) answer closed a QR")
    }

    /// Bytes as text an answer may carry: printable ASCII (quotes, brackets and `]]>` included) and a
    /// Chinese character; no control characters (XML normalises line ends, so they would not read back).
    private static func printable(_ bytes: [UInt8]) -> String {
        String(bytes.map { $0 >= 0xF0 ? "村" : Character(Unicode.Scalar($0 % 95 + 0x20)) })
    }
}

/// A transport that answers every request with the same bytes.
private struct CannedAnswer: AcquirerTransport {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func post(_ url: URL, body: [UInt8], contentType: String, timeoutMs: Int64) -> [UInt8]? { bytes }
}

/// A clock that never waits.
private struct InstantClock: AcquirerClock {
    func monotonicMs() -> Int64 { 0 }
    func wallMs() -> Int64 { 1_795_363_200_000 }
    func pause(ms: Int64) {}
}

/// An app's and Alipay's RSA keys for the fuzz run, generated once per process (no key is committed).
private final class FuzzRSAKeys: Sendable {
    static let shared = FuzzRSAKeys()
    let appPrivate: RSAPrivateKey
    let alipayPrivate: RSAPrivateKey
    let alipayPublic: RSAPublicKey

    private init() {
        let app = Self.generate()
        let alipay = Self.generate()
        do {
            appPrivate = try RSAPrivateKey(pem: app.privatePEM, path: "fuzz app key")
            alipayPrivate = try RSAPrivateKey(pem: alipay.privatePEM, path: "fuzz alipay key")
            alipayPublic = try RSAPublicKey(pem: alipay.publicPEM, path: "fuzz alipay public key")
        } catch {
            fatalError("a key libcrypto just generated does not load: \(error)")
        }
    }

    private static func generate() -> (privatePEM: [UInt8], publicPEM: [UInt8]) {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { fatalError("libcrypto is out of memory") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1,
              EVP_PKEY_keygen(context, &key) == 1, let key
        else { fatalError("RSA key generation failed") }
        defer { EVP_PKEY_free(key) }
        return (pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }, pem { PEM_write_bio_PUBKEY($0, key) })
    }

    private static func pem(_ write: (OpaquePointer) -> Int32) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("libcrypto is out of memory") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { fatalError("PEM export failed") }
        var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
        let read = BIO_read(bio, &bytes, Int32(bytes.count))
        return Array(bytes.prefix(Int(max(read, 0))))
    }
}
