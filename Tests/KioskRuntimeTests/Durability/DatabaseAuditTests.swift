import Foundation
import GRDB
import Testing
@testable import KioskSimulator

/// `kiosk db audit` finds what the crash harness looks for: money the gateway holds without a paid
/// order, a key charged twice, a paid order without its receipt.
@Suite(.enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built next to the tests"))
struct DatabaseAuditTests {
    @Test("a clean day audits clean; a tampered ledger and a lost receipt are each reported")
    func reportsEachViolation() throws {
        let data = try ScratchDirectory("audit")
        defer { data.remove() }
        let served = try KioskExecutable.run(["sim", "--speed", "fast", "--customers", "25", "--seed", "4",
                                              "--data-dir", data.path, "--boards-dir", Repository.boards.path, "--quiet"])
        #expect(served.status == 0, "\(served.standardError)")
        let audit = ["db", "audit", "--data-dir", data.path, "--boards-dir", Repository.boards.path]
        let clean = try KioskExecutable.run(audit)
        #expect(clean.status == 0)
        // The generated day's two account payouts to farmers were paid through the simulated payee.
        #expect(clean.standardOutput == "produce payouts paid 2 pending 0 failed 0 flagged 0\nviolations 0\n")

        let ledgerPath = data.path + "/gateway-ledger.txt"
        let ledger = try String(contentsOfFile: ledgerPath, encoding: .utf8)
        let firstCharge = try #require(ledger.split(separator: "\n").first { $0.hasPrefix("charge ") && $0.hasSuffix(" approve") })
        try (ledger + firstCharge + "\ncharge 9999-1 1250 approve\n").write(toFile: ledgerPath, atomically: true, encoding: .utf8)
        let queue = try DatabaseQueue(path: data.path + "/kiosk.sqlite")
        let receiptLost: Int64 = try queue.write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT min(id) FROM orders WHERE state = 'closed'") ?? 0
            try db.execute(sql: "UPDATE orders SET receipt_printed = 0 WHERE id = ?", arguments: [id])
            return id
        }
        try queue.close()

        let tampered = try KioskExecutable.run(audit)
        let key = firstCharge.split(separator: " ")[1]
        #expect(tampered.status == 1)
        #expect(tampered.standardOutput.contains("gateway charged key \(key) twice\n"))
        #expect(tampered.standardOutput.contains("gateway holds 1250 fen under key 9999-1 but no paid order has that payment\n"))
        #expect(tampered.standardOutput.contains("order \(receiptLost) is closed but its receipt never printed\n"))
        #expect(tampered.standardOutput.hasSuffix("violations 3\n"), "\(tampered.standardOutput)")
    }
}

@Suite("The audit and a split tender under way")
struct SplitTenderAuditTests {
    @Test("cash handed over as part of a split tender is not a violation while the rest is still due")
    func partCashOnAnOrderBeingPaid() throws {
        let data = try ScratchDirectory("split-audit")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.scan(Array("6962019132742".utf8))
        session.engine.handle(.cash(fen: 5_000), nowMs: session.clockMs)
        let order = try #require(session.engine.machine.currentOrderID)
        #expect(session.engine.machine.order(order)?.phase == .totalled)
        #expect(try session.books.violations().isEmpty)
        try session.close()
    }
}
