import Foundation
import KioskCore
import KioskEngine
import Logging

/// The Alipay 当面付 barcode adapter: `alipay.trade.pay` (`scene=bar_code`), polled with
/// `alipay.trade.query` while the customer confirms, `alipay.trade.cancel`, `alipay.trade.refund`; and
/// 扫码支付: `alipay.trade.precreate` gives the QR's `qr_code`, polled with `alipay.trade.query`, cancelled
/// with `alipay.trade.cancel`. Requests are signed RSA2 with the app's private key; every answer is
/// verified with Alipay's public key, and one that fails, or is about another order, is no answer (the
/// charge is queried, never taken as paid).
public final class AlipayAcquirer: PaymentGatewayPort, StatementMismatchQueries, @unchecked Sendable {
    private let client: AlipayGatewayClient
    private let subject: String
    private let settler: ChargeSettler
    private let logger: Logger

    public init(gateway: URL, appID: String, appKey: RSAPrivateKey, alipayKey: RSAPublicKey, subject: String,
                transport: any AcquirerTransport, timing: AcquirerTiming, clock: any AcquirerClock = SystemAcquirerClock(),
                logger: Logger) {
        client = AlipayGatewayClient(gateway: gateway, appID: appID, appKey: appKey, alipayKey: alipayKey, transport: transport,
                                     clock: clock, timeoutMs: timing.requestTimeoutMs, logger: logger)
        self.subject = subject
        settler = ChargeSettler(timing: timing, clock: clock)
        self.logger = logger
    }

    public func charge(key: String, code: PaymentCode, amountFen: Int64, nowMs: Int64) -> ChargeReply {
        precondition(amountFen > 0, "a charge of \(amountFen) fen")
        let answer = call("alipay.trade.pay", order: key, [
            ("out_trade_no", key), ("scene", "bar_code"), ("auth_code", authCode(code)), ("subject", subject),
            ("total_amount", Money.format(fen: amountFen)),
        ])
        if let answer, answer["code"] != "10000" {
            logger.info("alipay trade.pay not settled", metadata: [
                "out_trade_no": "\(key)", "code": "\(answer["code"] ?? "")", "sub_code": "\(answer["sub_code"] ?? "")",
            ])
        }
        return settler.charge(nowMs: nowMs, start: { AlipayOpenAPI.chargeStart(answer) },
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

    /// `alipay.trade.precreate`: the QR is its `qr_code`. An answer without one (a system error) leaves the
    /// trade to be cancelled and asked about, which settles it either way.
    public func presentQR(key: String, scheme: PaymentScheme, amountFen: Int64, nowMs: Int64) -> QRPresentation? {
        precondition(amountFen > 0, "a QR of \(amountFen) fen")
        guard scheme == .alipay else { return .refused }
        let answer = call("alipay.trade.precreate", order: key, [
            ("out_trade_no", key), ("total_amount", Money.format(fen: amountFen)), ("subject", subject),
        ])
        guard let answer, answer["code"] == "10000", let qrCode = answer["qr_code"], !qrCode.isEmpty else {
            logger.info("alipay trade.precreate gave no QR", metadata: [
                "out_trade_no": "\(key)", "code": "\(answer?["code"] ?? "")", "sub_code": "\(answer?["sub_code"] ?? "")",
            ])
            return nil
        }
        return .shown(text: qrCode, atMs: nowMs)
    }

    public func pollQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        call("alipay.trade.query", order: key, [("out_trade_no", key)]).flatMap(AlipayOpenAPI.qrState)
    }

    /// `alipay.trade.cancel` closes a trade nobody paid and refunds one paid meanwhile (`action` close or
    /// refund): either way the customer ends up not charged. A trade Alipay does not know (ACQ.TRADE_NOT_EXIST:
    /// the precreate never arrived, or nobody scanned the QR) has nothing to close. One Alipay asks to repeat
    /// (`retry_flag` Y), or refuses otherwise, is not closed, and is tried again.
    public func closeQR(key: String, scheme: PaymentScheme, nowMs: Int64) -> QRPaymentState? {
        guard let answer = call("alipay.trade.cancel", order: key, [("out_trade_no", key)]) else { return nil }
        if answer["code"] == "40004", answer["sub_code"].map({ $0.hasSuffix("TRADE_NOT_EXIST") }) == true,
           answer["retry_flag"] != "Y" {
            return .closed
        }
        guard answer["code"] == "10000", answer["retry_flag"] != "Y" else {
            logger.warning("alipay trade.cancel of a QR not finished", metadata: [
                "out_trade_no": "\(key)", "code": "\(answer["code"] ?? "")", "sub_code": "\(answer["sub_code"] ?? "")",
            ])
            return nil
        }
        return .closed
    }

    /// Alipay's 业务明细 lists what this app's trade.query answers for.
    public var statementProviders: Set<ProviderStatement.Provider> { [.alipay] }

    /// trade.query by the merchant order number (out_trade_no) the statement lists.
    public func queryMismatch(merchantOrderNo: String, provider: ProviderStatement.Provider) -> PaymentQueryAnswer? {
        precondition(provider == .alipay, "a \(provider) statement's order queried at Alipay")
        return query(key: merchantOrderNo, nowMs: 0)
    }

    /// Cancelled when Alipay says so without asking to be called again (`retry_flag` Y), or when the trade
    /// turns out never to have been paid.
    public func reverse(key: String, nowMs: Int64) -> Bool {
        guard let answer = call("alipay.trade.cancel", order: key, [("out_trade_no", key)]) else { return false }
        if answer["retry_flag"] == "Y" { return false }
        if answer["code"] == "10000" { return true }
        logger.warning("alipay trade.cancel refused", metadata: [
            "out_trade_no": "\(key)", "code": "\(answer["code"] ?? "")", "sub_code": "\(answer["sub_code"] ?? "")",
        ])
        return tradeState(of: key) == .notPaid
    }

    /// Refunds `amountFen` of the charge, under one request number per charge (sent again, it is the same
    /// refund).
    public func refund(key: String, amountFen: Int64, nowMs: Int64) -> Bool {
        let answer = call("alipay.trade.refund", order: key, [
            ("out_trade_no", key), ("refund_amount", Money.format(fen: amountFen)),
            ("out_request_no", refundNumber(forTrade: key)),
        ])
        return answer?["code"] == "10000"
    }

    private func tradeState(of key: String) -> TradeState? {
        call("alipay.trade.query", order: key, [("out_trade_no", key)]).flatMap(AlipayOpenAPI.tradeState)
    }

    /// Posts `method` with `business` as its `biz_content`; the verified answer's members, or nil (none
    /// came, it failed its signature, or it is about another order).
    private func call(_ method: String, order: String, _ business: [(String, String)]) -> [String: String]? {
        client.call(method, business: AlipayOpenAPI.jsonObject(business), orderField: "out_trade_no", order: order)
    }
}
