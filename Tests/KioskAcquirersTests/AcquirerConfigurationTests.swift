import Foundation
import KioskAcquirers
import Testing

@Suite("The acquirer file")
struct AcquirerConfigurationTests {
    static func parse(_ yaml: String) throws(AcquirerConfigurationError) -> AcquirerConfiguration {
        try AcquirerConfiguration.parse(yaml: yaml, file: "acquirer.yaml", directory: "/etc/kiosk")
    }

    static let wechat = """
        provider: wechat
        endpoint: https://api.mch.weixin.qq.com
        app_id: wx8888888888888888
        merchant_id: 1900000109
        key_file: wechat-api-key
        """

    @Test("a WeChat file is read with its defaults, the key's path taken from the file's folder")
    func wechatFile() throws {
        let configuration = try Self.parse(Self.wechat)
        #expect(configuration.provider == .wechat)
        #expect(configuration.merchantID == "1900000109")
        #expect(configuration.keyFile == "/etc/kiosk/wechat-api-key")
        #expect(configuration.timing == .standard)
        #expect(configuration.summary
            == "wechat at https://api.mch.weixin.qq.com, app wx8888888888888888, merchant 1900000109, key from /etc/kiosk/wechat-api-key")
    }

    @Test("a file that is wrong says what is wrong with it", arguments: [
        ("provider: unionpay\nendpoint: https://x.example\napp_id: a\nkey_file: k", "`provider` must be wechat or alipay, not unionpay"),
        (wechat + "\nsecret: abc", "unknown key `secret`"),
        (wechat.replacingOccurrences(of: "https://api.mch.weixin.qq.com", with: "http://api.mch.weixin.qq.com"),
         "`endpoint` must be https (plain http only to a server on this machine)"),
        (wechat.replacingOccurrences(of: "merchant_id: 1900000109\n", with: ""), "`merchant_id` is missing"),
        ("provider: alipay\nendpoint: https://openapi.alipay.com/gateway.do\napp_id: a\nkey_file: k",
         "`alipay_public_key_file` is missing: Alipay's answers are verified with it"),
        (wechat + "\npoll_limit_s: 600", "`poll_limit_s` must be a whole number of seconds, 0 to 120"),
    ])
    func wrongFile(_ yaml: String, _ problem: String) {
        #expect(throws: AcquirerConfigurationError.invalid(file: "acquirer.yaml", problem: problem)) { try Self.parse(yaml) }
    }

    @Test("a key file that is missing, empty or not an RSA key in PEM is named, and its content never shown")
    func badKeys() throws {
        let directory = try ScratchDirectory("acquirer-keys")
        defer { directory.remove() }
        let missing = try AcquirerConfiguration.parse(yaml: Self.wechat, file: "a.yaml", directory: directory.path)
        #expect(throws: AcquirerConfigurationError.key(.unreadable(path: directory.file("wechat-api-key")))) {
            _ = try missing.makeAcquirer(logger: Provider.quietLogger)
        }
        try "\n".write(toFile: directory.file("wechat-api-key"), atomically: true, encoding: .utf8)
        #expect(throws: AcquirerConfigurationError.key(.empty(path: directory.file("wechat-api-key")))) {
            _ = try missing.makeAcquirer(logger: Provider.quietLogger)
        }

        let secret = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW5vdC1hLWtleQ==\n-----END PRIVATE KEY-----\n"
        try secret.write(toFile: directory.file("app.pem"), atomically: true, encoding: .utf8)
        try secret.write(toFile: directory.file("alipay.pem"), atomically: true, encoding: .utf8)
        let alipay = try AcquirerConfiguration.parse(yaml: """
            provider: alipay
            endpoint: https://openapi.alipay.com/gateway.do
            app_id: "2021000000000001"
            key_file: app.pem
            alipay_public_key_file: alipay.pem
            """, file: "a.yaml", directory: directory.path)
        do {
            _ = try alipay.makeAcquirer(logger: Provider.quietLogger)
            Issue.record("a PEM that holds no key was taken")
        } catch {
            #expect(error == .key(.notPEM(path: directory.file("app.pem"), expected: "an RSA private key")))
            #expect(!error.description.contains("c2VjcmV0"))
        }
    }
}
