import KioskCore
import Testing

/// The customer pays by scanning the station's QR (扫码付): a charge like a code's with no code; the
/// operator's cancel, a timeout or an unclear answer close it at the provider before the final answer.
@Suite("Payment QR flows")
struct PaymentQRFlowTests {
    /// An order of 8.00 totalled, its WeChat Pay QR asked for.
    static func showing() -> (Counter, PaymentKey) {
        var counter = Counter()
        counter.accept(.newOrder, Counter.scan(800), .total, .command(.presentWeChatQR))
        return (counter, PaymentKey(orderID: counter.machine.currentOrderID!, attempt: 1))
    }

    @Test("asking for a QR requests a charge with no code; paid, the order is paid by WeChat Pay")
    func paid() {
        var (counter, key) = Self.showing()
        #expect(counter.effects.contains(.requestPayment(PaymentRequest(key: key, code: .presentedQR(.wechat), amountFen: 800))))
        #expect(counter.effects.contains(.showMessage(.notice(.scanToPay, 800, 0))))
        #expect(counter.machine.pendingPayment(key)?.presentsQR == true)
        #expect(counter.current?.phase == .paying)
        counter.accept(.paymentAnswered(key, .approved))
        #expect(counter.current?.phase == .paid)
        #expect(counter.current?.codeScheme == .wechat && counter.current?.maskedCode == nil)
        #expect(counter.current?.approvedPayment == key)
    }

    @Test("cancel while the QR shows closes it first; closed unpaid, the order takes another tender")
    func cancelled() {
        var (counter, key) = Self.showing()
        counter.accept(.command(.cancel))
        #expect(counter.effects.contains(.queryPayment(key)), "the QR is closed and asked about")
        #expect(counter.effects.contains(.showMessage(.notice(.closingScanToPay, 0, 0))))
        #expect(counter.current?.phase == .paying, "not cancelled: the customer may be paying this instant")
        counter.accept(.paymentQueried(key, .notPaid))
        #expect(counter.effects.contains(.showMessage(.notice(.scanToPayClosed, 0, 0))))
        #expect(counter.current?.phase == .totalled)
        counter.accept(.tenderCash(fen: 1000))
        #expect(counter.current?.phase == .paid && counter.current?.changeFen == 200)
    }

    @Test("a customer who paid as the QR was closed is found paid")
    func paidAsItClosed() {
        var (counter, key) = Self.showing()
        counter.accept(.paymentTimedOut(key), .paymentQueried(key, .paid))
        #expect(counter.current?.phase == .paid && counter.current?.codePaidFen == 800)
    }

    @Test("a snapshot taken while the QR shows restores it as a QR")
    func snapshot() throws {
        let (counter, key) = Self.showing()
        let restored = try #require(KioskMachine.restoring(limits: .standard, snapshot: counter.machine.snapshot()))
        #expect(restored.pendingPayment(key)?.presentsQR == true)
        #expect(restored.hasSameState(as: counter.machine))
    }
}
