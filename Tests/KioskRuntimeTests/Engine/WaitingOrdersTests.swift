import Foundation
import KioskCore
import KioskStore
import Testing
@testable import KioskEngine
@testable import KioskSimulator

/// Paid orders waiting for their goods or for paper, and all history, live in the store: the counter's
/// table holds only the work at the counter, and an order however old is loaded back when an event names it.
@Suite("Waiting orders leave the counter free")
struct WaitingOrdersTests {
    static let product = Array("6916018159088".utf8)

    /// One counter sale paid in cash, 20 yuan handed over.
    static func cashSale(_ session: SimulationSession) {
        session.scan(product)
        session.engine.handle(.cash(fen: 2_000), nowMs: session.clockMs)
    }

    @Test("500 assisted orders waiting for their goods, then counter sales on generic-58mm; the oldest is still picked up")
    func waitingOrdersDoNotStopTheCounter() throws {
        let data = try ScratchDirectory("waiting-assisted")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path, board: "generic-58mm", disk: .powerCut)
        #expect(session.configuration.limits.maxOpenOrders == 8)
        for number in 0 ..< 500 {
            let request = AssistedOrderRequest(villagerName: FixedBytes64(utf8: "村民\(number)")!,
                                               phone: FixedBytes16(utf8: "13800138000")!, pickupSeed: UInt64(number))
            session.engine.handle(.action(.newAssistedOrder(request)), nowMs: session.clockMs)
            Self.cashSale(session)
        }
        #expect(try session.books.ordersByState() == ["awaiting-fulfilment": 500])
        for _ in 0 ..< 20 {
            Self.cashSale(session)
            #expect(session.engine.lastMessageCode == "ORDER_CLOSED", "\(session.engine.lastMessage ?? "")")
        }
        #expect(try session.books.ordersByState() == ["awaiting-fulfilment": 500, "closed": 20])

        let oldest: OrderID = 1
        #expect(session.engine.machine.order(oldest) == nil, "the oldest waiting order left the table")
        session.engine.handle(.action(.fulfilmentOrdered(oldest)), nowMs: session.clockMs)
        session.engine.handle(.action(.fulfilmentArrived(oldest)), nowMs: session.clockMs)
        let code = try #require(try session.journal.order(Int64(oldest))?.pickupCode.flatMap { UInt32($0) })
        session.engine.handle(.action(.pickedUp(oldest, pickupCode: code)), nowMs: session.clockMs)
        #expect(try session.journal.order(Int64(oldest))?.state == .closed)
        #expect(try session.books.violations().isEmpty)
        #expect(try JournalAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        try session.close()
    }

    @Test("100 cash sales with the paper out, a power cut among them, then paper in: 100 receipts print, each once, and every order closes")
    func hundredCashSalesWithPaperOutPrintOnceEach() throws {
        let data = try ScratchDirectory("paper-out-hundred")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        try session.inject(.paperOut)
        for sale in 0 ..< 100 {
            Self.cashSale(session)
            if sale == 0 {
                // The first receipt finds the paper out (after the power cut, the receipts waiting find it at
                // boot).
                #expect(session.engine.lastMessageCode == "PRINTER_PAPER_OUT", "sale \(sale)")
            } else {
                // The change is shown last, after what the printer needs.
                #expect(session.engine.lastMessageCode == "ORDER_PAID", "sale \(sale): \(session.engine.lastMessage ?? "")")
                #expect(session.display.messages.suffix(2).first?.hasPrefix("纸用完了，请装纸") == true, "sale \(sale)")
            }
            if sale == 49 { try session.inject(.powerCut) }
        }
        #expect(session.printer.printer.printedCount == 0)
        #expect(try session.books.ordersByState() == ["paid": 100])
        #expect(session.engine.machine.openOrderCount <= session.configuration.limits.maxOpenOrders)

        try session.inject(.paperIn)
        #expect(session.printer.printer.printedCount == 100)
        let receipts = try session.books.receiptsPrinted()
        #expect(receipts.printed == 100)
        #expect(receipts.reprinted == 0)
        #expect(try session.books.ordersByState() == ["closed": 100])
        #expect(try session.books.violations().isEmpty)
        #expect(try JournalAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        try session.close()
    }

    @Test("a reprint and a void of an order far older than the table: loaded from the store, refunded once, stock back")
    func oldOrderReprintedAndRefunded() throws {
        let data = try ScratchDirectory("old-order")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        Self.cashSale(session)
        let old: OrderID = 1
        for _ in 0 ..< 60 { Self.cashSale(session) }
        #expect(session.engine.machine.order(old) == nil)
        let stockBefore = try #require(try CatalogRepository(database: session.database).find(barcode: "6916018159088")?.stock)
        let printed = session.printer.printer.printedCount

        #expect(session.engine.submitFromShell(.selectOrder(old), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.reprintReceipt, nowMs: session.clockMs))
        #expect(session.printer.printer.printedCount == printed + 1)
        #expect(session.engine.submitFromShell(.authorise(Authorisation(role: .technician, staffID: 9)), nowMs: session.clockMs))
        #expect(session.engine.submitFromShell(.voidOrder, nowMs: session.clockMs))
        let stored = try #require(try session.journal.order(Int64(old)))
        #expect(stored.state == .voided)
        #expect(try session.journal.payments(of: Int64(old)).map(\.state) == [.refunded])
        #expect(try CatalogRepository(database: session.database).find(barcode: "6916018159088")?.stock == stockBefore + 1)
        #expect(session.printer.printer.printedCount == printed + 2, "the reprint and the refund slip")
        #expect(!session.engine.submitFromShell(.voidOrder, nowMs: session.clockMs))
        #expect(try session.books.violations().isEmpty)
        #expect(try JournalAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        try session.close()
    }
}
