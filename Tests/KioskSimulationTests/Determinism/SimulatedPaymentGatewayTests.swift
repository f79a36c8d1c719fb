import Testing
import KioskSimulation

@Suite struct SimulatedPaymentGatewayTests {
    @Test func repeatedKeyReturnsTheFirstAnswerAndChargesOnce() {
        var gateway = SimulatedPaymentGateway()
        gateway.enqueue(GatewayAnswer(.approve, afterMs: 2000))
        gateway.enqueue(GatewayAnswer(.decline))
        let first = gateway.charge(key: "order-1/1", amountFen: 1250, nowMs: 1000)
        let again = gateway.charge(key: "order-1/1", amountFen: 1250, nowMs: 5000)
        #expect(first == .init(reply: .approved(transactionID: "SIM1"), arrivesAtMs: 3000))
        #expect(again.reply == .approved(transactionID: "SIM1"))
        #expect(gateway.chargeCount == 1)
        #expect(gateway.balanceFen == 1250)
        #expect(gateway.scriptedAnswersLeft == 1)

        let declined = gateway.charge(key: "order-2/1", amountFen: 800, nowMs: 6000)
        let declinedAgain = gateway.charge(key: "order-2/1", amountFen: 800, nowMs: 7000)
        #expect(declined.reply == .declined)
        #expect(declinedAgain.reply == .declined)
        #expect(gateway.balanceFen == 1250)
    }

    @Test func timedOutChargeIsFoundByQueryAndRetry() {
        var gateway = SimulatedPaymentGateway()
        gateway.enqueue(GatewayAnswer(.timeout))
        let response = gateway.charge(key: "k", amountFen: 500, nowMs: 0)
        #expect(response == .init(reply: .noAnswer, arrivesAtMs: nil))
        #expect(gateway.query(key: "k") == .paid(amountFen: 500, transactionID: "SIM1"))
        let retry = gateway.charge(key: "k", amountFen: 500, nowMs: 30_000)
        #expect(retry.reply == .approved(transactionID: "SIM1"))
        #expect(gateway.chargeCount == 1)
    }

    @Test func errorChargesNothing() {
        var gateway = SimulatedPaymentGateway()
        gateway.enqueue(GatewayAnswer(.error, afterMs: 100))
        let response = gateway.charge(key: "k", amountFen: 500, nowMs: 0)
        #expect(response == .init(reply: .error, arrivesAtMs: 100))
        #expect(gateway.query(key: "k") == .notPaid)
        #expect(gateway.balanceFen == 0)
    }

    @Test func reversalRefundsOnce() {
        var gateway = SimulatedPaymentGateway()
        _ = gateway.charge(key: "k", amountFen: 990, nowMs: 0)
        #expect(gateway.reverse(key: "k") == .refunded(amountFen: 990))
        #expect(gateway.reverse(key: "k") == .nothingToReverse)
        #expect(gateway.reverse(key: "never-seen") == .nothingToReverse)
        #expect(gateway.query(key: "k") == .notPaid)
        #expect(gateway.balanceFen == 0)
        let afterReversal = gateway.charge(key: "k", amountFen: 990, nowMs: 10)
        #expect(afterReversal.reply == .declined)
        #expect(gateway.balanceFen == 0)
    }
}
