import Foundation
import KioskCore
import KioskSimulation
import KioskSimulator
import KioskStore
import Testing
@testable import KioskEngine
@testable import KioskRuntime

/// The customer pays by scanning the station's QR (扫码付), on a simulated station: the engine commits the
/// charge, the gateway worker asks the simulated provider for the QR, polls it, and closes it when the
/// operator gives up; recovery after a crash closes a QR left showing and finds out whether it was paid.
@Suite("Payment QR (扫码付) at the counter")
struct PaymentQRTests {
    static let milk = Array("6916018159088".utf8)

    /// A simulated station with one carton of milk totalled.
    static func stationWithMilk(_ directory: String) throws -> (SimulationSession, OrderID, Int64) {
        let session = try SimulationSession.make(in: directory)
        session.scan(milk)
        session.engine.handle(.action(.command(.total)), nowMs: session.clockMs)
        let id = try #require(session.engine.machine.currentOrderID)
        let due = try #require(session.engine.machine.order(id)).dueFen
        return (session, id, due)
    }

    /// The order's state as the store holds it (a closed order leaves the machine's table).
    static func storedState(_ session: SimulationSession, _ id: OrderID) throws -> OrderPhase? {
        try EventJournal(database: session.engine.database).order(Int64(id))?.state
    }

    @Test("a QR the customer pays closes the order like a paid code: receipt, journal, the gateway's books")
    func paid() throws {
        let data = try ScratchDirectory("qr-paid")
        defer { data.remove() }
        let (session, id, due) = try Self.stationWithMilk(data.path)
        let start = session.clockMs
        session.engine.handle(.action(.command(.presentWeChatQR)), nowMs: start)
        #expect(session.engine.lastMessageCode == "SCAN_TO_PAY")
        let qr = try #require(session.engine.presentedQR)
        #expect(qr.scheme == .wechat && qr.amountFen == due && qr.text.hasPrefix("https://qr.sim.kiosk/wechat/"))
        #expect(session.engine.machine.order(id)?.phase == .paying)

        session.advance(toMs: start + SimulatedGatewayPort.qrScanDelayMs + GatewayWorker.qrPollIntervalMs)
        #expect(session.engine.presentedQR == nil)
        #expect(try Self.storedState(session, id) == .closed, "paid, the receipt printed, the order closed")
        #expect(session.gateway.gateway.balanceFen == due && session.gateway.gateway.chargeCount == 1)
        let receipt = try #require(session.printer.printer.recentReceipts.last).textLines
        #expect(receipt.contains { $0.contains("微信") })
        let violations = try StationBooks(database: session.engine.database).violations()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("the operator's cancel closes the QR at the provider; the order stays totalled and takes cash")
    func cancelled() throws {
        let data = try ScratchDirectory("qr-cancelled")
        defer { data.remove() }
        let (session, id, due) = try Self.stationWithMilk(data.path)
        session.gateway.enqueue(GatewayAnswer(.decline))
        let start = session.clockMs
        session.engine.handle(.action(.command(.presentAlipayQR)), nowMs: start)
        #expect(session.engine.presentedQR?.text.hasPrefix("https://qr.sim.kiosk/alipay/") == true)
        session.advance(toMs: start + 2 * GatewayWorker.qrPollIntervalMs)
        #expect(session.engine.presentedQR != nil, "still showing while the customer has not paid")

        session.engine.handle(.action(.command(.cancel)), nowMs: session.clockMs)
        #expect(session.engine.presentedQR == nil)
        #expect(session.display.messages.suffix(2) == ["收款码已关闭，顾客未付款", "还需收 \(Money.formatWithSign(fen: due))"])
        #expect(session.engine.machine.order(id)?.phase == .totalled, "the order waits for another way to pay")
        #expect(session.gateway.pollQR(key: session.engine.orderNumbers.number(for: PaymentKey(orderID: id, attempt: 1)),
                                       scheme: .alipay, nowMs: session.clockMs + 60_000) == .closed,
                "nobody can pay the QR once it is closed")
        session.engine.handle(.cash(fen: due), nowMs: session.clockMs)
        #expect(try Self.storedState(session, id) == .closed)
        #expect(session.gateway.gateway.balanceFen == 0, "the customer was charged nothing by QR")
    }

    @Test("a QR nobody pays is closed after the board's timeout, and the order stays totalled")
    func timedOut() throws {
        let data = try ScratchDirectory("qr-timeout")
        defer { data.remove() }
        let (session, id, _) = try Self.stationWithMilk(data.path)
        session.gateway.enqueue(GatewayAnswer(.decline))
        let start = session.clockMs
        session.engine.handle(.action(.command(.presentWeChatQR)), nowMs: start)
        session.advance(toMs: start + session.configuration.qrPaymentTimeoutMs + 1)
        #expect(session.engine.presentedQR == nil)
        #expect(session.engine.machine.order(id)?.phase == .totalled)
        #expect(session.engine.machine.pendingPaymentCount == 0)
    }

    @Test("killed while the QR shows: recovery closes it and asks, and finds the payment the customer made meanwhile",
          arguments: [(500 as Int64, false), (2_000 as Int64, true)])
    func recovered(cutAfterMs: Int64, customerPaidMeanwhile: Bool) throws {
        let data = try ScratchDirectory("qr-recovered")
        defer { data.remove() }
        let (session, id, due) = try Self.stationWithMilk(data.path)
        let start = session.clockMs
        session.engine.handle(.action(.command(.presentWeChatQR)), nowMs: start)
        session.advance(toMs: start + cutAfterMs)
        // The station is back 5 s after the cut: the customer scans 6 s after the QR showed.
        try session.powerCut()
        session.advance(toMs: session.clockMs)
        #expect(session.engine.recovery.paymentsRequeried == 1)
        #expect(session.engine.machine.pendingPaymentCount == 0, "settled at boot")
        if customerPaidMeanwhile {
            #expect(try Self.storedState(session, id) == .closed)
            #expect(session.gateway.gateway.balanceFen == due)
        } else {
            #expect(session.engine.machine.order(id)?.phase == .totalled)
            #expect(session.gateway.gateway.balanceFen == 0)
        }
        session.advance(toMs: session.clockMs + 60_000)
        #expect(session.gateway.gateway.chargeCount == (customerPaidMeanwhile ? 1 : 0), "never charged twice, never after closing")
    }
}
