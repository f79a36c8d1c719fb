import Foundation
import KioskCore
import KioskEngine
import Logging

/// The WeChat Pay v2 付款码支付 adapter: micropay, polled with orderquery while the customer confirms,
/// reverse to cancel, refund; and 扫码支付 (Native): unifiedorder with `trade_type=NATIVE` gives the QR's
/// `code_url`, polled with orderquery, closed with closeorder. Every answer's `sign` is checked under the
/// API key; one that fails, or comes from another merchant or for another order, is no answer (the charge
/// is queried, never taken as paid).
///
/// `reverse` and `refund` are `/secapi/` calls: in production WeChat Pay also wants the merchant's client
/// certificate on them, which this adapter does not present (see README, Real acquirers).
public final class WeChatPayAcquirer: PaymentGatewayPort, StatementMismatchQueries, @unchecked Sendable {
    private let endpoint: String
    private let appID: String
    private let merchantID: String
    /// The API key: read from the key file, used only as HMAC key, never logged or shown.
    private let apiKey: [UInt8]
    private let subject: String
    private let terminalIP: String
    private let notifyURL: String
    private let transport: any AcquirerTransport
    private let settler: ChargeSettler
    private let logger: Logger

    /// The `notify_url` a payment QR's order names when the acquirer file gives none.
    public static let defaultNotifyURL = "https://127.0.0.1/kiosk/polls"

    public init(endpoint: String, appID: String, merchantID: String, apiKey: [UInt8], subject: String,
                terminalIP: String, notifyURL: String = defaultNotifyURL, transport: any AcquirerTransport, timing: AcquirerTiming,
                clock: any AcquirerClock = SystemAcquirerClock(), logger: Logger) {
        precondition(!apiKey.isEmpty, "WeChat Pay needs its API key")
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.appID = appID
        self.merchantID = merchantID
        self.apiKey = apiKey
        self.subject = subject
        self.terminalIP = terminalIP
        self.notifyURL = notifyURL
        self.transport = transport
        settler = ChargeSettler(timing: timing, clock: clock)
        self.logger = logger
    }

    public func charge(key: String, code: PaymentCode, amountFen: Int64, nowMs: Int64) -> ChargeReply {
        precondition(amountFen > 0, "a charge of \(amountFen) fen")
        let answer = call("/pay/micropay", order: key, [
            "body": subject, "out_trade_no": key, "total_fee": String(amountFen),
            "spbill_create_ip": terminalIP, "auth_code": authCode(code),
        ])
        if let answer, answer["result_code"] != "SUCCESS" {
            logger.info("wechat micropay not settled", metadata: [
                "out_trade_no": "\(key)", "err_code": "\(answer["err_code"] ?? "")",
            ])
        }
        return settler.charge(nowMs: nowMs, start: { WeChatPayV2.chargeStart(answer) },
                              query: { self.tradeState(of: key) })
    }

    public func query(key: String, nowMs: Int64) -> PaymentQueryAnswer? {
        switch tradeState(of: key) {
        case .paid: .paid
        case .notPaid: .notPaid
        case .paying: .unknown
        case nil: nil
        }
    }

    /// Reversed when WeChat says so without asking to be called again (`recall` Y), or when the order
    /// turns out never to have been paid.
    public func reverse(key: String, nowMs: Int64) -> Bool {
        guard let answer = call("/secapi/pay/reverse", order: key, ["out_trade_no": key]) else { return false }
        if answer["recall"] == "Y" { return false }
        if answer["result_code"] == "SUCCESS" { return true }
        logger.warning("wechat reverse refused", metadata: ["out_trade_no": "\(key)", "err_code": "\(answer["err_code"] ?? "")"])
        return tradeState(of: key) == .notPaid
    }

    /// Refunds `amountFen` of the charge; its total comes from the order query (WeChat wants both).
    public func refund(key: String, amountFen: Int64, nowMs: Int64) -> Bool {
        guard let order = call("/pay/orderquery", order: key, ["out_trade_no": key]),
              WeChatPayV2.tradeState(order) == .paid, let total = order["total_fee"], Int64(total) != nil
        else { return false }
        let answer = call("/secapi/pay/refund", order: key, [
            "out_trade_no": key, "out_refund_no": refundNumber(forTrade: key),
            "total_fee": total, "refund_fee": String(amountFen),
        ])
        return answer?["result_code"] == "SUCCESS"
    }

    /// unifiedorder with `trade_type=NATIVE` (product_id: the order number, one QR per order); the QR is
    /// its `code_url`. An answer without one (a system error, the number already used) leaves the order to
    /// be closed and asked about, which settles it either way.
    public func presentQR(key: String, scheme: PaymentScheme, amountFen: Int64, nowMs: Int64) -> QRPresentation? {
        precondition(amountFen > 0, "a QR of \(amountFen) fen")
        guard scheme == .wechat else { return .refused }
        let answer = call("/pay/unifiedorder", order: key, [
            "body": subject, "out_trade_no": key, "total_fee": String(amountFen), "spbill_create_ip": terminalIP,
            "notify_url": notifyURL, "trade_type": "NATIVE", "product_id": key,
        ])
        guard let answer, answer["result_code"] == "SUCCESS", answer["trade_type"].map({ $0 == "NATIVE" }) ?? true,
              let codeURL = answer["code_url"], !codeURL.isEmpty
        else {
            logger.info("wechat unifiedorder gave no QR", metadata: [
                "out_trade_no": "\(key)", "err_code": "\(answer?["err_code"] ?? "")",
            ])
            return nil
        }
        return .shown(text: codeURL, atMs: nowMs)
    }

    public func pollQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        call("/pay/orderquery", order: key, ["out_trade_no": key]).flatMap(WeChatPayV2.qrState)
    }

    /// closeorder, then orderquery: a customer who paid first is found paid (closeorder answers ORDERPAID);
    /// an order still payable after closeorder is not closed, and is tried again.
    public func closeQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        guard call("/pay/closeorder", order: key, ["out_trade_no": key]) != nil else { return nil }
        let state = pollQR(key: key, scheme: scheme, nowMs: nowMs)
        return state == .waiting ? nil : state
    }

    /// WeChat Pay's 交易账单 lists what this merchant's orderquery answers for.
    public var statementProviders: Set<ProviderStatement.Provider> { [.wechat] }

    /// orderquery by the merchant order number the statement lists.
    public func queryMismatch(merchantOrderNo: String, provider: ProviderStatement.Provider) -> PaymentQueryAnswer? {
        precondition(provider == .wechat, "a \(provider) statement's order queried at WeChat Pay")
        return query(key: merchantOrderNo, nowMs: 0)
    }

    private func tradeState(of key: String) -> TradeState? {
        call("/pay/orderquery", order: key, ["out_trade_no": key]).flatMap(WeChatPayV2.tradeState)
    }

    /// Posts `parameters` with the merchant's and the signature's fields to `path`; the verified answer,
    /// or nil (none came, it failed its signature, or it is about another merchant or order).
    private func call(_ path: String, order: String, _ parameters: [String: String]) -> [String: String]? {
        var fields = parameters
        fields["appid"] = appID
        fields["mch_id"] = merchantID
        fields["nonce_str"] = AcquirerCrypto.nonce()
        fields["sign_type"] = "HMAC-SHA256"
        guard let url = URL(string: endpoint + path),
              let bytes = transport.post(url, body: WeChatPayV2.signedRequest(fields, apiKey: apiKey),
                                         contentType: "text/xml; charset=utf-8", timeoutMs: settler.timing.requestTimeoutMs)
        else {
            logger.info("wechat pay did not answer", metadata: ["path": "\(path)", "out_trade_no": "\(order)"])
            return nil
        }
        guard let answer = WeChatPayV2.verifiedAnswer(bytes, apiKey: apiKey),
              answer["appid"].map({ $0 == appID }) ?? true, answer["mch_id"].map({ $0 == merchantID }) ?? true,
              answer["out_trade_no"].map({ $0 == order }) ?? true
        else {
            logger.warning("wechat pay answer refused: not signed with our key, or not about this order",
                           metadata: ["path": "\(path)", "out_trade_no": "\(order)"])
            return nil
        }
        return answer
    }
}
