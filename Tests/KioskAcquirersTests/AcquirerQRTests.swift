import Foundation
import KioskAcquirers
import KioskCore
import KioskEngine
import Testing

/// Payment QRs (扫码付) through each adapter against its loopback peer (Tests/Peers): WeChat Pay's Native
/// unifiedorder, orderquery and closeorder; Alipay's trade.precreate, trade.query and trade.cancel.
@Suite("Real acquirers' payment QRs against loopback protocol peers")
struct AcquirerQRTests {
    static let amountFen: Int64 = 1_250

    @Test("a QR the customer pays: asked for once more gives the same QR, polled until paid", arguments: Provider.allCases)
    func paid(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "qr_paid")
        defer { run.stop() }
        let shown = run.acquirer.presentQR(key: "K_1_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 7)
        guard case .shown(let text, let atMs)? = shown else {
            Issue.record("no QR: \(String(describing: shown))")
            return
        }
        #expect(atMs == 7)
        #expect(text.hasPrefix(provider == .wechat ? "weixin://wxpay/bizpayurl?pr=" : "https://qr.alipay.com/"))
        #expect(run.acquirer.presentQR(key: "K_1_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 8)
            == .shown(text: text, atMs: 8), "the same order number gives the same QR")
        #expect(run.acquirer.pollQR(key: "K_1_1", scheme: provider.scheme, nowMs: 9) == .waiting)
        #expect(run.acquirer.pollQR(key: "K_1_1", scheme: provider.scheme, nowMs: 10) == .paid)
        #expect(run.requests(run.presentQRName) == Array(repeating: "request \(run.presentQRName) verified K_1_1", count: 2))
        #expect(run.requests(run.queryName).count == 2)
    }

    @Test("a QR nobody pays is closed, and stays closed", arguments: Provider.allCases)
    func closedUnpaid(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "qr_unpaid")
        defer { run.stop() }
        #expect(run.acquirer.presentQR(key: "K_2_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 0) != nil)
        #expect(run.acquirer.pollQR(key: "K_2_1", scheme: provider.scheme, nowMs: 1) == .waiting)
        #expect(run.acquirer.closeQR(key: "K_2_1", scheme: provider.scheme, nowMs: 2) == .closed)
        #expect(run.requests(run.closeQRName) == ["request \(run.closeQRName) verified K_2_1"])
        #expect(run.acquirer.presentQR(key: "K_2_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 3) == nil,
                "a closed order gives no QR again")
    }

    @Test("paid the instant before it closes: WeChat finds it paid, Alipay's cancel refunds it", arguments: Provider.allCases)
    func paidAtClose(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "qr_paid_at_close")
        defer { run.stop() }
        #expect(run.acquirer.presentQR(key: "K_3_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 0) != nil)
        #expect(run.acquirer.pollQR(key: "K_3_1", scheme: provider.scheme, nowMs: 1) == .waiting)
        #expect(run.acquirer.closeQR(key: "K_3_1", scheme: provider.scheme, nowMs: 2) == (provider == .wechat ? .paid : .closed))
    }

    @Test("a QR the provider never placed (no answer with a QR) is closed as nothing to close", arguments: Provider.allCases)
    func neverPlaced(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "qr_never_sent")
        defer { run.stop() }
        #expect(run.acquirer.presentQR(key: "K_6_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 0) == nil)
        #expect(run.acquirer.closeQR(key: "K_6_1", scheme: provider.scheme, nowMs: 1) == .closed)
    }

    @Test("a QR of the other provider's wallet is refused without a request", arguments: Provider.allCases)
    func otherWallet(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "qr_paid")
        defer { run.stop() }
        let other: PaymentScheme = provider == .wechat ? .alipay : .wechat
        #expect(run.acquirer.presentQR(key: "K_4_1", scheme: other, amountFen: Self.amountFen, nowMs: 0) == .refused)
        #expect(run.requests(run.presentQRName).isEmpty)
    }

    @Test("answers with a bad signature are no answer: no QR shown, never paid, never closed", arguments: Provider.allCases)
    func badSignature(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "badsign")
        defer { run.stop() }
        #expect(run.acquirer.presentQR(key: "K_5_1", scheme: provider.scheme, amountFen: Self.amountFen, nowMs: 0) == nil)
        #expect(run.acquirer.pollQR(key: "K_5_1", scheme: provider.scheme, nowMs: 1) == nil)
        #expect(run.acquirer.closeQR(key: "K_5_1", scheme: provider.scheme, nowMs: 2) == nil)
    }
}
