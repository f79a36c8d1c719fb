import Testing
import KioskSimulation

@Suite struct SimulatedPrinterTests {
    private let askAllStatus: [UInt8] = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4, 0x1D, 0x72, 1]

    @Test func healthyPrinterAnswersAllClear() {
        var printer = SimulatedPrinter()
        #expect(printer.receive(askAllStatus) == [0x12, 0x12, 0x12, 0x00])
    }

    @Test func paperOutAndCoverOpenShowInStatusBytes() {
        var printer = SimulatedPrinter()
        printer.update { $0.paperOut = true }
        #expect(printer.receive(askAllStatus) == [0x1A, 0x72, 0x72, 0x0C])
        printer.update { $0.paperOut = false; $0.coverOpen = true }
        #expect(printer.receive(askAllStatus) == [0x1A, 0x56, 0x12, 0x00])
        printer.update { $0.online = false }
        #expect(printer.receive(askAllStatus).isEmpty)
    }

    @Test func receiptIsHeldWhilePaperIsOutAndPrintsWhenItReturns() {
        var printer = SimulatedPrinter()
        printer.update { $0.paperOut = true }
        var stream = ESCPOSStream()
        stream.line("held")
        stream.drawerKick()
        stream.cut()
        _ = printer.receive(stream.bytes)
        #expect(printer.printedReceipts.isEmpty)
        #expect(printer.heldReceipts.count == 1)
        #expect(printer.drawerKickCount == 1)
        printer.update { $0.paperOut = false }
        #expect(printer.printedReceipts.map(\.textLines) == [["held"]])
        #expect(printer.heldReceipts.isEmpty)
    }
}
