import Foundation
import KioskAcquirers
import KioskCore
import KioskEngine
import Logging

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Which protocol a test drives, with its peer and an adapter pointed at it.
enum Provider: String, CaseIterable, CustomStringConvertible {
    case wechat, alipay

    var description: String { rawValue }

    static let appID = "wx8888888888888888"
    static let merchantID = "1900000109"

    /// A customer's payment code of this provider's wallet.
    var code: PaymentCode {
        switch self {
        case .wechat: PaymentCode(digits: "134567890123456789")!
        case .alipay: PaymentCode(digits: "281234567890123456")!
        }
    }

    /// The wallet of this provider's payment QRs (扫码付).
    var scheme: PaymentScheme { self == .wechat ? .wechat : .alipay }

    /// Quick timing for loopback: `requestTimeoutMs` per call (roomy: the machine may be busy), polls
    /// every 50 ms for up to `pollLimitMs`.
    static func timing(requestTimeoutMs: Int64 = 2_000, pollLimitMs: Int64 = 3_000) -> AcquirerTiming {
        AcquirerTiming(requestTimeoutMs: requestTimeoutMs, pollIntervalMs: 50, pollLimitMs: pollLimitMs)
    }

    /// The RSA pairs of the Alipay peer and the app (and an impostor's), made once per test run: RSA key
    /// generation is the slow part of starting a peer.
    static let alipayKeys: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-alipay-keys-\(UUID().uuidString)").path
        let process = ProtocolPeer.pythonProcess(script: "alipay_barcode_peer.py", arguments: ["--keys", directory, "--make-keys"])
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? process.run()
        process.waitUntilExit()
        return directory
    }()

    static var quietLogger: Logger {
        var logger = Logger(label: "acquirer-test")
        logger.logLevel = .critical
        return logger
    }

    /// The acquirer file for this provider's peer on `port`, its keys in `directory` (made there first:
    /// a random WeChat API key, or the RSA pairs the Alipay peer generates).
    func acquirerFile(port: Int, in directory: ScratchDirectory, wrongKey: Bool = false) throws -> String {
        let yaml: String
        switch self {
        case .wechat:
            yaml = """
                provider: wechat
                endpoint: http://127.0.0.1:\(port)
                app_id: \(Self.appID)
                merchant_id: "\(Self.merchantID)"
                key_file: \(wrongKey ? "wrong-api-key" : "api-key")
                """
        case .alipay:
            yaml = """
                provider: alipay
                endpoint: http://127.0.0.1:\(port)/gateway.do
                app_id: "2021000000000001"
                key_file: \(wrongKey ? "alipay_private.pem" : "app_private.pem")
                alipay_public_key_file: alipay_public.pem
                subject: 村级服务站
                """
        }
        let path = directory.file("acquirer.yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts this provider's peer playing `outcome` (answers held for `delayS` where the outcome says so).
    func startPeer(outcome: String, delayS: Double = 1.0, in directory: ScratchDirectory) throws -> ProtocolPeer {
        switch self {
        case .wechat:
            try (AcquirerCrypto.nonce() + "\n").write(toFile: directory.file("api-key"), atomically: true, encoding: .utf8)
            try AcquirerCrypto.nonce().write(toFile: directory.file("wrong-api-key"), atomically: true, encoding: .utf8)
            return try ProtocolPeer(script: "wechat_micropay_peer.py", arguments: [
                "--key-file", directory.file("api-key"), "--appid", Self.appID, "--mch-id", Self.merchantID,
                "--outcome", outcome, "--delay", String(delayS),
            ])
        case .alipay:
            for name in ["app_private.pem", "alipay_public.pem", "alipay_private.pem"] {
                try FileManager.default.copyItem(atPath: Self.alipayKeys + "/" + name, toPath: directory.file(name))
            }
            return try ProtocolPeer(script: "alipay_barcode_peer.py", arguments: [
                "--keys", Self.alipayKeys, "--app-id", "2021000000000001", "--outcome", outcome, "--delay", String(delayS),
            ])
        }
    }
}

/// A peer playing one outcome, an adapter configured through an acquirer file to talk to it, and the
/// scratch folder holding their keys.
struct PeerAndAdapter {
    let provider: Provider
    let peer: ProtocolPeer
    let acquirer: any PaymentGatewayPort
    let directory: ScratchDirectory

    init(_ provider: Provider, outcome: String, delayS: Double = 1.0, timing: AcquirerTiming = Provider.timing(),
         wrongKey: Bool = false) throws {
        self.provider = provider
        directory = try ScratchDirectory("acquirer-\(provider)-\(outcome)")
        peer = try provider.startPeer(outcome: outcome, delayS: delayS, in: directory)
        let file = try provider.acquirerFile(port: peer.port, in: directory, wrongKey: wrongKey)
        acquirer = try AcquirerConfiguration.load(path: file).makeAcquirer(timing: timing, logger: Provider.quietLogger)
    }

    func stop() {
        peer.stop()
        directory.remove()
    }

    /// The peer's request lines for `name` (a WeChat path or an Alipay method, as the peer prints it).
    func requests(_ name: String) -> [String] {
        peer.requests.filter { $0.hasPrefix("request \(name) ") }
    }

    var chargeName: String { provider == .wechat ? "/pay/micropay" : "alipay.trade.pay" }
    var queryName: String { provider == .wechat ? "/pay/orderquery" : "alipay.trade.query" }
    var reverseName: String { provider == .wechat ? "/secapi/pay/reverse" : "alipay.trade.cancel" }
    var refundName: String { provider == .wechat ? "/secapi/pay/refund" : "alipay.trade.refund" }
    var presentQRName: String { provider == .wechat ? "/pay/unifiedorder" : "alipay.trade.precreate" }
    var closeQRName: String { provider == .wechat ? "/pay/closeorder" : "alipay.trade.cancel" }
}
