import Foundation
import KioskCore
import KioskEngine
import Logging

/// Pays farmers for produce bought through Alipay's 单笔转账 (`alipay.fund.trans.uni.transfer`,
/// `product_code=TRANS_ACCOUNT_NO_PWD`, `biz_scene=DIRECT_TRANSFER`) to the Alipay login the farmer gave,
/// checked by Alipay against the farmer's registered name; asked about with `alipay.fund.trans.common.query`.
///
/// The purchase's idempotency key is the transfer's `out_biz_no`: Alipay pays an `out_biz_no` once, so a
/// payout sent again after a lost answer or a restart is answered with the first transfer, never a second.
/// Alipay's rules: an answer with code 20000, a 40004 `SYSTEM_ERROR`, or none at all leaves the transfer
/// unknown — query it, and send it again under the same `out_biz_no` only when the query finds nothing.
/// Every answer is verified with Alipay's public key; one that fails is no answer.
public final class AlipayTransferPayee: PayeePort, @unchecked Sendable {
    private let client: AlipayGatewayClient
    /// What the farmer's Alipay bill shows the transfer as, before the lot (`order_title`).
    private let title: String

    public init(gateway: URL, appID: String, appKey: RSAPrivateKey, alipayKey: RSAPublicKey, title: String,
                transport: any AcquirerTransport, timing: AcquirerTiming, clock: any AcquirerClock = SystemAcquirerClock(),
                logger: Logger) {
        client = AlipayGatewayClient(gateway: gateway, appID: appID, appKey: appKey, alipayKey: alipayKey, transport: transport,
                                     clock: clock, timeoutMs: timing.requestTimeoutMs, logger: logger)
        self.title = title
    }

    public func pay(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply] {
        guard let account = payment.account else {
            // The desk refuses an account purchase without one; a payout from before the payee was set up has none.
            return [PayeeReply(.failed(reason: "no Alipay account was given for the farmer (未登记收款账号)"), atMs: nowMs)]
        }
        let payee = AlipayOpenAPI.jsonObject([
            ("identity", account.login), ("identity_type", "ALIPAY_LOGON_ID"), ("name", payment.farmerName),
        ])
        let business = AlipayOpenAPI.jsonObject([
            ("out_biz_no", payment.key), ("trans_amount", Money.format(fen: payment.amountFen)),
            ("product_code", Self.productCode), ("biz_scene", Self.businessScene),
            ("order_title", "\(title) \(payment.lot)"), ("remark", "lot \(payment.lot)"),
        ], objects: [("payee_info", payee)])
        let answer = client.call("alipay.fund.trans.uni.transfer", business: business, orderField: "out_biz_no", order: payment.key)
        return Self.transferAnswer(answer).map { [PayeeReply($0, atMs: nowMs)] } ?? []
    }

    public func query(_ payment: FarmerPayment, nowMs: Int64) -> [PayeeReply] {
        let business = AlipayOpenAPI.jsonObject([
            ("out_biz_no", payment.key), ("product_code", Self.productCode), ("biz_scene", Self.businessScene),
        ])
        let answer = client.call("alipay.fund.trans.common.query", business: business, orderField: "out_biz_no", order: payment.key)
        return Self.queryAnswer(answer).map { [PayeeReply($0, atMs: nowMs)] } ?? []
    }

    static let productCode = "TRANS_ACCOUNT_NO_PWD"
    static let businessScene = "DIRECT_TRANSFER"

    /// What a verified transfer answer settles; nil when it settles nothing (none came, 20000, a
    /// `SYSTEM_ERROR`): the payout desk queries it later.
    static func transferAnswer(_ answer: [String: String]?) -> PayeeAnswer? {
        guard let answer else { return nil }
        switch answer["code"] {
        case "10000":
            switch answer["status"] {
            case "SUCCESS": return .paid(reference: answer["order_id"] ?? answer["pay_fund_order_id"] ?? "")
            case "FAIL": return .failed(reason: "Alipay: transfer failed")
            default: return .pending
            }
        case "40004":
            guard let subCode = answer["sub_code"], !subCode.hasSuffix("SYSTEM_ERROR") else { return nil }
            return .failed(reason: refusal(answer))
        case "40001", "40002", "40003", "40006":
            return .failed(reason: refusal(answer))
        default:
            return nil
        }
    }

    /// What a verified query answer says; nil when nothing sure.
    static func queryAnswer(_ answer: [String: String]?) -> PayeeAnswer? {
        guard let answer else { return nil }
        switch answer["code"] {
        case "10000":
            switch answer["status"] {
            case "SUCCESS": return .paid(reference: answer["order_id"] ?? answer["pay_fund_order_id"] ?? "")
            case "FAIL": return .failed(reason: "Alipay: " + (answer["fail_reason"] ?? answer["error_code"] ?? "transfer failed"))
            case "REFUND": return .failed(reason: "Alipay: the transfer was returned (退票)")
            case "DEALING", "WAIT_PAY", "INIT": return .pending
            default: return nil
            }
        case "40004":
            return answer["sub_code"].map { $0.hasSuffix("ORDER_NOT_EXIST") } == true ? .unknown : nil
        default:
            return nil
        }
    }

    /// Alipay's reason for refusing a transfer: its `sub_code`, then its `sub_msg` (in Chinese).
    private static func refusal(_ answer: [String: String]) -> String {
        "Alipay: " + [answer["sub_code"], answer["sub_msg"]].compactMap { $0 }.joined(separator: " ")
    }
}
