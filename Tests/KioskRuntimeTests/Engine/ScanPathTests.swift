import Foundation
import KioskCore
import KioskDevices
import KioskSimulation
import KioskStore
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

/// Simulated scans go through the decoder chain a USB wedge scanner's reports go through, and the
/// symbology reaches the engine typed.
@Suite("One scan path for simulation and hardware")
struct ScanPathTests {
    @Test("a GS1-128 read (]C1) is a product on the counter; the same digits with no identifier are not")
    func gs1SymbologyReachesTheEngine() throws {
        let data = try ScratchDirectory("scan-path-gs1")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.scan(Array("]C10106916018159088".utf8))
        let order = try #require(session.engine.machine.currentOrderID)
        #expect(session.engine.machine.lines(of: order).count == 1)

        session.scan(Array("0106916018159088".utf8))
        #expect(session.engine.lastMessageCode == "SCAN_REJECTED")
        #expect(session.engine.machine.lines(of: order).count == 1)
    }

    @Test("the same label read twice within the board's debounce window counts once; read again later, twice")
    func debounceIsTheDecoders() {
        var scanner = SimulatedScanner(configuration: ScannerConfiguration(debounceWindowMs: 800))
        let code = Array("6916018159088".utf8)
        #expect(scanner.read(code, atMs: 1_000) == [.scan(ScanEvent(text: "6916018159088"))])
        #expect(scanner.read(code, atMs: 1_300) == [.repeated(ScanEvent(text: "6916018159088"))])
        #expect(scanner.read(code, atMs: 3_000) == [.scan(ScanEvent(text: "6916018159088"))])
        scanner = SimulatedScanner(configuration: ScannerConfiguration(debounceWindowMs: 800))
        #expect(scanner.nextReadAtMs(after: 5_000) == 5_000)
    }

    @Test("a read with a byte no wedge can type is dropped by the decoder and the operator is told to scan again")
    func untypableReadIsDropped() throws {
        let data = try ScratchDirectory("scan-path-drop")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.scan(Array("6916018159088".utf8) + [0x07])
        #expect(session.engine.lastMessageCode == "SCAN_DROPPED")
        #expect(session.engine.machine.currentOrderID == nil)
    }

    @Test("GS1 group separators survive the wedge as Ctrl+]")
    func groupSeparatorTypedAsControlBracket() {
        var decoder = HIDKeyboardDecoder(configuration: ScannerConfiguration())
        var outcomes: [ScanOutcome] = []
        var atMs: UInt64 = 10
        for report in HIDKeyboardEncoder.reports(typing: Array("]C1010691601815908810AB".utf8) + [0x1D] + Array("3103000500".utf8)) {
            atMs += 4
            if let outcome = decoder.consume(report: report, atMs: atMs) { outcomes.append(outcome) }
        }
        #expect(outcomes == [.scan(ScanEvent(text: "010691601815908810AB\u{1D}3103000500",
                                             symbology: Symbology(aimIdentifier: "]C1")))])
    }
}

@Suite("Keyed quantity at the counter")
struct CounterKeyedQuantityTests {
    @Test("three keyed, then the first scan of a new customer: three of that item are charged")
    func keyedQuantityLost() throws {
        let data = try ScratchDirectory("keyed-quantity")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.engine.handle(.key("3"), nowMs: session.clockMs)
        session.scan(Array("6916018159088".utf8))
        let order = try #require(session.engine.machine.currentOrderID)
        #expect(session.engine.machine.lines(of: order).first?.quantity == 3)
    }
}

@Suite("The counter console")
struct CounterConsoleTests {
    @Test("a command barcode typed at the console is a scan, as its help says")
    func commandBarcodeIsAScan() throws {
        let steps = try CounterLine.steps("#PAY-CASH", number: 1)
        #expect(steps.map(\.action) == [.scan("#PAY-CASH")])
        #expect(try CounterLine.steps("]C10106916018159088", number: 2).map(\.action) == [.scan("]C10106916018159088")])
        #expect(try CounterLine.steps("cash 20", number: 3).map(\.action) == [.cash(fen: 2_000)])
    }
}

@Suite("Receipt files of a station started again")
struct ReceiptNumberingTests {
    @Test("a second run on the same data directory numbers its receipts after the first run's, overwriting none")
    func receiptsAreNotOverwritten() throws {
        let data = try ScratchDirectory("receipt-numbering")
        defer { data.remove() }
        let receipts = data.path + "/receipts"
        for _ in 0..<2 {
            let session = try SimulationSession.make(in: data.path, receipts: receipts)
            session.scan(Array("6916018159088".utf8))
            session.engine.handle(.cash(fen: 10_000), nowMs: session.clockMs)
            try session.close()
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: receipts).filter { $0.hasSuffix(".png") }.sorted()
        #expect(files == ["receipt-0001.png", "receipt-0002.png"])
    }
}

@Suite("Stock follows sales")
struct StockTests {
    @Test("a paid sale lowers the catalog's stock by what it sold; a void gives it back")
    func saleLowersStockAndVoidRaisesIt() throws {
        let data = try ScratchDirectory("stock")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        let catalog = CatalogRepository(database: session.database)
        let before = try #require(try catalog.find(barcode: "6916018159088")).stock
        session.engine.handle(.key("2"), nowMs: session.clockMs)
        session.scan(Array("6916018159088".utf8))
        #expect(try catalog.find(barcode: "6916018159088")?.stock == before, "nothing leaves the shelf before payment")
        session.engine.handle(.cash(fen: 10_000), nowMs: session.clockMs)
        let order = try #require(session.engine.machine.currentOrderID)
        #expect(try catalog.find(barcode: "6916018159088")?.stock == before - 2)

        #expect(session.engine.submitFromShell(.selectOrder(order), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.authorise(Authorisation(role: .technician, staffID: 1)), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.voidOrder, nowMs: session.clockMs))
        #expect(try catalog.find(barcode: "6916018159088")?.stock == before)
        try session.close()
    }
}

@Suite("A void gives a slip and an audit line")
struct RefundSlipTests {
    @Test("a void at the counter prints a refund slip and writes who authorised it to the audit trail")
    func voidPrintsASlipAndIsAudited() throws {
        let data = try ScratchDirectory("refund-slip")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        session.scan(Array("6916018159088".utf8))
        session.engine.handle(.cash(fen: 2_000), nowMs: session.clockMs)
        let order = try #require(session.engine.machine.currentOrderID)
        let receipts = session.printer.printer.printedCount
        #expect(session.engine.submitFromShell(.selectOrder(order), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.authorise(Authorisation(role: .supervisor, staffID: 42)), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.voidOrder, nowMs: session.clockMs))
        #expect(session.printer.printer.printedCount == receipts + 1)
        let slip = try #require(session.printer.printer.recentReceipts.last)
        let text = ReceiptTranscript.text(of: slip)
        #expect(text.contains("退款单") && text.contains("退现金") && text.contains("￥18.60") && text.contains("42"), "\(text)")
        let audit = try AuditTrail(database: session.database).newest(limit: 5)
        #expect(audit.contains { $0.command.hasPrefix("void order") && $0.who.contains("42") && $0.outcome.contains("cash ￥18.60") },
                "\(audit)")
        #expect(try session.books.receiptsPrinted().printed == 1, "a slip is not a receipt")
        try session.close()
    }
}

@Suite("Station credit (赊账)")
struct StationCreditTests {
    @Test("an account is opened with a limit, charged at the counter, refused past its limit, repaid, and survives a power cut")
    func creditAccountLifecycle() throws {
        let data = try ScratchDirectory("credit")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path, disk: .powerCut)
        let id = try #require(session.engine.openCreditAccount(name: "王大妈", phone: "13812341234", limitFen: 5_000,
                                                               nowMs: session.clockMs))
        // 18.60 on the account: the account number keyed, then the pay-credit key.
        session.scan(Array("6916018159088".utf8))
        session.engine.handle(.key("\(id)"), nowMs: session.clockMs)
        session.engine.handle(.key("F3"), nowMs: session.clockMs)
        #expect(session.engine.machine.creditAccount(id)?.balanceFen == 1_860)
        // 3 × 18.60 more would pass the 50.00 limit: refused, nothing charged.
        session.engine.handle(.key("3"), nowMs: session.clockMs)
        session.scan(Array("6916018159088".utf8))
        session.engine.handle(.key("\(id)"), nowMs: session.clockMs)
        session.engine.handle(.key("F3"), nowMs: session.clockMs)
        #expect(session.engine.lastMessageCode == "CREDIT_LIMIT_EXCEEDED")
        #expect(session.engine.machine.creditAccount(id)?.balanceFen == 1_860)
        #expect(session.engine.submitFromShell(.creditRepaid(id, fen: 860), nowMs: session.clockMs))
        try session.powerCut()
        #expect(session.engine.machine.creditAccount(id)?.balanceFen == 1_000)
        let listed = try #require(try StationListings(database: session.database).creditAccounts().first)
        #expect(listed.villagerName == "王大妈" && listed.maskedPhone == "138****1234" && listed.balance_fen == 1_000)
        #expect(try StationListings(database: session.database).creditCharges(account: Int64(id)).map(\.credit_fen) == [1_860])
        try session.close()
    }

    @Test("cash repaid goes in the drawer's count and on the statement, which prints in Chinese with what is owed")
    func cashRepaymentCountedAndStatementPrinted() throws {
        let data = try ScratchDirectory("credit-statement")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        let id = try #require(session.engine.openCreditAccount(name: "王大妈", phone: "13812341234", limitFen: 5_000,
                                                               nowMs: session.clockMs))
        session.scan(Array("6916018159088".utf8))
        session.engine.handle(.key("\(id)"), nowMs: session.clockMs)
        session.engine.handle(.key("F3"), nowMs: session.clockMs)
        let drawerBefore = try session.books.cashInDrawerFen()
        #expect(session.engine.submitFromShell(.creditRepaid(id, fen: 860), nowMs: session.clockMs))
        #expect(!session.engine.submitFromShell(.creditRepaid(id, fen: 5_000), nowMs: session.clockMs), "more than owed")
        try session.powerCut()
        #expect(try session.books.cashInDrawerFen() == drawerBefore + 860)

        let listings = StationListings(database: session.database)
        let account = try #require(try listings.creditAccounts().first)
        let repayments = try listings.creditRepayments(account: Int64(id))
        #expect(repayments.map(\.amount_fen) == [860])
        #expect(repayments.map(\.balanceAfter_fen) == [1_000])
        let bytes = session.engine.creditStatement(account: account, charges: try listings.creditCharges(account: Int64(id)),
                                                   repayments: repayments, atMs: session.clockMs)
        #expect(session.printer.print(bytes, nowMs: session.clockMs) == .confirmed)
        let printed = try #require(session.printer.printer.recentReceipts.last).textLines
        #expect(printed.contains { $0.contains("赊账对账单") })
        #expect(printed.contains { $0.contains("王大妈") })
        #expect(printed.contains { $0.contains("还款") && $0.contains("8.60") })
        #expect(printed.contains { $0.contains("尚欠") && $0.contains("10.00") })
        try session.close()
    }
}
