import Foundation
import KioskCore
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import Testing

/// The simulated gateway keeps only its newest keys in memory and finds older ones in its ledger
/// file: a key charged long ago is still never charged twice, still answers queries, and is still
/// reversed once — also after the gateway is opened again from the file.
@Suite struct GatewayMemoryTests {
    /// The customer's code for charge `number` (a wallet's code pays once).
    private func code(_ number: Int) -> PaymentCode {
        let digits = String(number)
        return PaymentCode(digits: "13" + String(repeating: "0", count: 16 - digits.count) + digits)!
    }
    private let keys = SimulatedPaymentGateway.keptSettlements + 10

    private func fen(_ number: Int) -> Int64 { Int64(100 + number) }

    @Test func aKeyChargedLongAgoIsFoundInTheLedgerAndNeverChargedTwice() throws {
        let directory = try ScratchDirectory("gateway-memory")
        defer { directory.remove() }
        let ledgerPath = GatewayLedgerAudit.ledgerPath(dataDirectory: directory.path)
        let gateway = try SimulatedGatewayPort(ledgerPath: ledgerPath)
        for number in 1...keys {
            #expect(gateway.charge(key: "\(number)-1", code: code(number), amountFen: fen(number), nowMs: 0)
                == .answered(.approved, atMs: 0))
        }
        let charged = (1...keys).map(fen).reduce(0, +)
        #expect(gateway.gateway.chargeCount == keys)
        #expect(gateway.gateway.keysInMemory == SimulatedPaymentGateway.keptSettlements)

        // Key 1 left memory long ago: a retry is answered from the ledger, and nothing more is taken.
        #expect(gateway.charge(key: "1-1", code: code(1), amountFen: fen(1), nowMs: 10) == .answered(.approved, atMs: 10))
        #expect(gateway.query(key: "1-1", nowMs: 10) == .paid)
        #expect(gateway.gateway.chargeCount == keys)
        #expect(gateway.gateway.balanceFen == charged)

        #expect(gateway.reverse(key: "1-1", nowMs: 20))
        #expect(gateway.reverse(key: "1-1", nowMs: 21))
        #expect(gateway.query(key: "1-1", nowMs: 22) == .notPaid)
        #expect(gateway.gateway.balanceFen == charged - fen(1))

        let ledger = try GatewayLedgerAudit(contentsOf: ledgerPath)
        #expect(ledger.charges.count == keys)
        #expect(ledger.reversedKeys == ["1-1"])

        // Opened again from the file, it still knows every key.
        let reopened = try SimulatedGatewayPort(ledgerPath: ledgerPath)
        #expect(reopened.gateway.balanceFen == charged - fen(1))
        #expect(reopened.charge(key: "2-1", code: code(2), amountFen: fen(2), nowMs: 30) == .answered(.approved, atMs: 30))
        #expect(reopened.query(key: "1-1", nowMs: 30) == .notPaid)
        #expect(reopened.charge(key: "1-1", code: code(1), amountFen: fen(1), nowMs: 31) == .answered(.declined, atMs: 31))
        #expect(reopened.gateway.chargeCount == keys)
        #expect(reopened.gateway.keysInMemory == SimulatedPaymentGateway.keptSettlements)
        #expect(try GatewayLedgerAudit(contentsOf: ledgerPath).charges.count == keys)

        // A new key is still charged.
        #expect(reopened.charge(key: "\(keys + 1)-1", code: code(keys + 1), amountFen: 5, nowMs: 40) == .answered(.approved, atMs: 40))
        #expect(reopened.gateway.chargeCount == keys + 1)
    }
}

@Suite("A wallet's code pays once")
struct SingleUseCodeTests {
    @Test("the simulated gateway refuses a payment code it has already charged, under any other key")
    func codeChargedOnceIsRefusedAfter() throws {
        let gateway = try SimulatedGatewayPort(ledgerPath: nil)
        let code = PaymentCode(digits: "134567890123456789")!
        #expect(gateway.charge(key: "S_1_1", code: code, amountFen: 500, nowMs: 0) == .answered(.approved, atMs: 0))
        #expect(gateway.charge(key: "S_1_1", code: code, amountFen: 500, nowMs: 5) == .answered(.approved, atMs: 5),
                "the same charge asked again is the same charge")
        #expect(gateway.charge(key: "S_2_1", code: code, amountFen: 700, nowMs: 10) == .answered(.declined, atMs: 10))
        #expect(gateway.query(key: "S_2_1", nowMs: 11) == .notPaid)
        #expect(gateway.gateway.balanceFen == 500)
    }
}
