import Foundation
import KioskEngine
import Logging
import Yams

/// The acquirer file given with `--acquirer FILE`: which service charges payment codes, where, as whom,
/// and where its secret is. The secret itself lives only in `key_file` (read when the adapter is made,
/// never kept in the configuration, never logged; a relative path is taken from the acquirer file's folder).
///
/// ```yaml
/// provider: wechat            # or alipay
/// endpoint: https://api.mch.weixin.qq.com   # WeChat: base URL; Alipay: the gateway URL
/// app_id: wx8888888888888888
/// merchant_id: "1900000109"   # WeChat's mch_id; not used by Alipay
/// key_file: wechat-api-key    # WeChat: the API key; Alipay: the app's RSA private key (PEM)
/// alipay_public_key_file: alipay-public.pem   # Alipay only: verifies its answers
/// subject: 村级服务站         # optional: what the customer's wallet shows
/// terminal_ip: 127.0.0.1      # optional, WeChat's spbill_create_ip
/// notify_url: https://…       # optional, WeChat's notify_url for payment QRs (the station polls instead)
/// timeout_s: 10               # optional: one call's timeout
/// poll_interval_s: 5          # optional: between queries while the customer confirms
/// poll_limit_s: 25            # optional: how long a charge polls before the engine's timeout takes over
/// ```
public struct AcquirerConfiguration: Sendable, Equatable {
    public enum Provider: String, Sendable, CaseIterable {
        case wechat, alipay
    }

    public let provider: Provider
    public let endpoint: URL
    public let appID: String
    public let merchantID: String?
    /// The path of the secret, resolved against the acquirer file's folder.
    public let keyFile: String
    public let alipayPublicKeyFile: String?
    public let subject: String
    public let terminalIP: String
    /// WeChat Pay's `notify_url` on a payment QR's unifiedorder, which requires one: the station never
    /// listens (it polls orderquery), so any URL the merchant platform accepts will do.
    public var notifyURL = WeChatPayAcquirer.defaultNotifyURL
    public let timing: AcquirerTiming

    /// Reads and checks the acquirer file at `path` (not yet its keys: see ``makeAcquirer(transport:logger:)``).
    public static func load(path: String) throws(AcquirerConfigurationError) -> AcquirerConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path: path) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, file: path, directory: directory)
    }

    static let knownKeys: Set<String> = [
        "provider", "endpoint", "app_id", "merchant_id", "key_file", "alipay_public_key_file", "subject",
        "terminal_ip", "notify_url", "timeout_s", "poll_interval_s", "poll_limit_s",
    ]

    /// Checks the YAML `text` of acquirer file `file`; relative key paths are taken from `directory`.
    public static func parse(yaml yamlText: String, file: String, directory: String) throws(AcquirerConfigurationError)
        -> AcquirerConfiguration
    {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: yamlText) } catch { throw .invalid(file: file, problem: "not YAML") }
        guard let map = loaded as? [String: Any] else { throw .invalid(file: file, problem: "not a YAML mapping") }
        if let unknown = map.keys.sorted().first(where: { !knownKeys.contains($0) }) {
            throw .invalid(file: file, problem: "unknown key `\(unknown)`")
        }
        func text(_ key: String) throws(AcquirerConfigurationError) -> String? {
            guard let value = map[key] else { return nil }
            let string = (value as? String) ?? (value as? Int).map(String.init)
            guard let string, !string.isEmpty else { throw .invalid(file: file, problem: "`\(key)` must be text") }
            return string
        }
        func required(_ key: String) throws(AcquirerConfigurationError) -> String {
            guard let value = try text(key) else { throw .invalid(file: file, problem: "`\(key)` is missing") }
            return value
        }
        func seconds(_ key: String, default fallback: Int, minimum: Int) throws(AcquirerConfigurationError) -> Int64 {
            guard let value = map[key] else { return Int64(fallback) * 1000 }
            guard let number = value as? Int, number >= minimum, number <= 120 else {
                throw .invalid(file: file, problem: "`\(key)` must be a whole number of seconds, \(minimum) to 120")
            }
            return Int64(number) * 1000
        }
        func resolved(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
        }

        let providerName = try required("provider")
        guard let provider = Provider(rawValue: providerName) else {
            throw .invalid(file: file, problem: "`provider` must be wechat or alipay, not \(providerName)")
        }
        let endpointText = try required("endpoint")
        guard let endpoint = URL(string: endpointText), let scheme = endpoint.scheme, let host = endpoint.host else {
            throw .invalid(file: file, problem: "`endpoint` is not a URL")
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw .invalid(file: file, problem: "`endpoint` must be https (plain http only to a server on this machine)")
        }
        let merchantID = try text("merchant_id")
        if provider == .wechat, merchantID == nil { throw .invalid(file: file, problem: "`merchant_id` is missing") }
        let publicKeyFile = try text("alipay_public_key_file")
        switch provider {
        case .alipay where publicKeyFile == nil:
            throw .invalid(file: file, problem: "`alipay_public_key_file` is missing: Alipay's answers are verified with it")
        case .wechat where publicKeyFile != nil:
            throw .invalid(file: file, problem: "`alipay_public_key_file` is for provider alipay")
        default: break
        }
        let timeout = try seconds("timeout_s", default: 10, minimum: 1)
        let interval = try seconds("poll_interval_s", default: 5, minimum: 1)
        let limit = try seconds("poll_limit_s", default: 25, minimum: 0)
        var configuration = AcquirerConfiguration(
            provider: provider, endpoint: endpoint, appID: try required("app_id"), merchantID: merchantID,
            keyFile: resolved(try required("key_file")), alipayPublicKeyFile: publicKeyFile.map(resolved),
            subject: try text("subject") ?? "kiosk", terminalIP: try text("terminal_ip") ?? "127.0.0.1",
            timing: AcquirerTiming(requestTimeoutMs: timeout, pollIntervalMs: interval, pollLimitMs: limit))
        if let notifyURL = try text("notify_url") { configuration.notifyURL = notifyURL }
        return configuration
    }

    /// The adapter this file configures, its keys read now: a missing, unreadable or empty key file, or
    /// a PEM that is not an RSA key, is an error naming the file.
    public func makeAcquirer(transport: any AcquirerTransport = HTTPSTransport(), timing: AcquirerTiming? = nil,
                             logger: Logger) throws(AcquirerConfigurationError) -> any PaymentGatewayPort {
        let secret = try Self.readKey(keyFile)
        switch provider {
        case .wechat:
            let apiKey = Array(String(decoding: secret, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            guard !apiKey.isEmpty else { throw .key(.empty(path: keyFile)) }
            return WeChatPayAcquirer(endpoint: endpoint.absoluteString, appID: appID, merchantID: merchantID ?? "",
                                     apiKey: apiKey, subject: subject, terminalIP: terminalIP, notifyURL: notifyURL,
                                     transport: transport, timing: timing ?? self.timing, logger: logger)
        case .alipay:
            let publicPath = alipayPublicKeyFile ?? ""
            do {
                return AlipayAcquirer(gateway: endpoint, appID: appID, appKey: try RSAPrivateKey(pem: secret, path: keyFile),
                                      alipayKey: try RSAPublicKey(pem: try Self.readKey(publicPath), path: publicPath),
                                      subject: subject, transport: transport, timing: timing ?? self.timing, logger: logger)
            } catch let error as AcquirerKeyError {
                throw .key(error)
            } catch let error as AcquirerConfigurationError {
                throw error
            } catch {
                preconditionFailure("unexpected error \(error)")
            }
        }
    }

    /// The payee this file configures, for `kiosk run --payee FILE`: farmers are paid for produce by
    /// Alipay transfer (单笔转账) from this app's account, its keys read now. Only an Alipay file makes one:
    /// WeChat Pay's transfers pay a WeChat user's openid, which a station has no way to learn.
    public func makePayee(transport: any AcquirerTransport = HTTPSTransport(), timing: AcquirerTiming? = nil,
                          logger: Logger) throws(AcquirerConfigurationError) -> any PayeePort {
        guard provider == .alipay, let publicPath = alipayPublicKeyFile else {
            throw .invalid(file: "payee", problem: "`provider` must be alipay: farmers are paid by Alipay transfer")
        }
        do {
            return AlipayTransferPayee(gateway: endpoint, appID: appID, appKey: try RSAPrivateKey(pem: try Self.readKey(keyFile), path: keyFile),
                                       alipayKey: try RSAPublicKey(pem: try Self.readKey(publicPath), path: publicPath),
                                       title: subject, transport: transport, timing: timing ?? self.timing, logger: logger)
        } catch let error as AcquirerKeyError {
            throw .key(error)
        } catch let error as AcquirerConfigurationError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    private static func readKey(_ path: String) throws(AcquirerConfigurationError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .key(.unreadable(path: path)) }
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw .key(.empty(path: path))
        }
        return [UInt8](data)
    }

    /// One line for the startup log: the provider, where and as whom, and where the key is read from
    /// (its path, never its content).
    public var summary: String {
        var text = "\(provider.rawValue) at \(endpoint.absoluteString), app \(appID)"
        if let merchantID { text += ", merchant \(merchantID)" }
        return text + ", key from \(keyFile)"
    }
}

/// Why an acquirer file cannot be used.
public enum AcquirerConfigurationError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case invalid(file: String, problem: String)
    case key(AcquirerKeyError)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the acquirer file \(path)"
        case .invalid(let file, let problem): "acquirer file \(file): \(problem)"
        case .key(let error): "acquirer: \(error)"
        }
    }
}
