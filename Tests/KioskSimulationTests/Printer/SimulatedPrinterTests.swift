import Testing
import KioskSimulation

@Suite struct SimulatedPrinterTests {
    private let askAllStatus: [UInt8] = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4, 0x1D, 0x72, 1]

    @Test func healthyPrinterAnswersAllClear() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        #expect(printer.receive(askAllStatus) == [0x12, 0x12, 0x12, 0x00])
    }

    @Test func paperOutAndCoverOpenShowInStatusBytes() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        printer.update { $0.paperOut = true }
        #expect(printer.receive(askAllStatus) == [0x1A, 0x72, 0x72, 0x0C])
        printer.update { $0.paperOut = false; $0.coverOpen = true }
        #expect(printer.receive(askAllStatus) == [0x1A, 0x56, 0x12, 0x00])
        printer.update { $0.online = false }
        #expect(printer.receive(askAllStatus).isEmpty)
    }

    @Test func receiptIsHeldWhilePaperIsOutAndPrintsWhenItReturns() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        printer.update { $0.paperOut = true }
        var stream = ESCPOSStream()
        stream.line("held")
        stream.drawerKick()
        stream.cut()
        _ = printer.receive(stream.bytes)
        #expect(printer.printedCount == 0)
        #expect(printer.heldReceipts.count == 1)
        #expect(printer.drawerKickCount == 1)
        printer.update { $0.paperOut = false }
        #expect(printer.printedCount == 1)
        #expect(printer.recentReceipts.map(\.textLines) == [["held"]])
        #expect(printer.heldReceipts.isEmpty)
    }

    @Test func aLongRunKeepsTheCountOfReceiptsButOnlyTheNewestOnes() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        let printed = SimulatedPrinter.keptReceipts * 3 + 1
        for number in 1...printed {
            var stream = ESCPOSStream()
            stream.line("receipt \(number)")
            stream.cut()
            _ = printer.receive(stream.bytes)
        }
        #expect(printer.printedCount == printed)
        #expect(printer.recentReceipts.map(\.textLines)
            == ((printed - SimulatedPrinter.keptReceipts + 1)...printed).map { ["receipt \($0)"] })
    }
}

@Suite struct PrintAreaTests {
    @Test func barcodeWiderThanThePaperIsSkippedWithAnError() {
        var stream = ESCPOSStream()
        // 15 characters in code set B at 2 dots a module: 200 modules, 400 dots > 384.
        stream.raw([0x1D, 0x77, 2, 0x1D, 0x6B, 73, 17] + Array("{BYT2026112300042".utf8))
        stream.raw([0x1D, 0x77, 1, 0x1D, 0x6B, 73, 17] + Array("{BYT2026112300042".utf8))
        stream.cut()
        var printer = SimulatedPrinter(paperWidthDots: 384)
        _ = printer.receive(stream.bytes)
        let receipt = printer.recentReceipts[0]
        #expect(receipt.errors == ["byte 5: barcode 400 dots wide exceeds the 384-dot print area: not printed"])
        #expect(ReceiptTranscript.text(of: receipt).contains("[CODE128 YT2026112300042]"))
    }

    @Test func qrCodeWiderThanThePaperIsSkippedWithAnError() {
        var stream = ESCPOSStream()
        stream.qr(Array(String(repeating: "x", count: 100).utf8), moduleSize: 16)
        let receipts = ESCPOSInterpreter.receipts(in: stream.bytes, printAreaDots: 384)
        #expect(receipts[0].errors.count == 1)
        #expect(receipts[0].errors[0].hasSuffix("exceeds the 384-dot print area: not printed"))
        let wider = ESCPOSInterpreter.receipts(in: stream.bytes, printAreaDots: 1000)
        #expect(wider[0].errors.isEmpty)
    }
}

@Suite("Automatic status back")
struct AutomaticStatusBackTests {
    @Test("GS a switches it on and is answered at once; a change of paper sends a message before the next replies")
    func messagesFollowTheState() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        #expect(printer.receive([0x1D, 0x61, 0x0F]) == [0x10, 0x00, 0x00, 0x00])
        #expect(printer.sendsAutomaticStatus)
        printer.update { $0.paperOut = true }
        printer.update { $0.coverOpen = true }
        // Only the newest message waits; then the answer to DLE EOT 1.
        #expect(printer.receive([0x10, 0x04, 0x01]) == [0x30, 0x00, 0x0C, 0x00, 0x1A])
        #expect(printer.receive([0x10, 0x04, 0x01]) == [0x1A])
    }

    @Test("without GS a the printer says nothing of its own")
    func silentWithoutTheSwitch() {
        var printer = SimulatedPrinter(paperWidthDots: 384)
        printer.update { $0.paperOut = true }
        #expect(printer.receive([0x10, 0x04, 0x01]) == [0x1A])
    }
}

@Suite struct StreamChunkingTests {
    /// Found by fuzzing (#19): `GS k` with NUL-terminated data looked for the NUL through the whole
    /// stream when it had arrived at once, but gave up after 255 bytes when it arrived in pieces, so
    /// the same bytes printed two different receipts.
    @Test func barcodeDataLongerThan255BytesIsRefusedHoweverTheStreamArrives() {
        let stream: [UInt8] = [0x1D, 0x6B, 2] + Array(repeating: UInt8(ascii: "1"), count: 300) + [0, 0x0A]
        let whole = ESCPOSInterpreter.receipts(in: stream)
        var interpreter = ESCPOSInterpreter()
        for byte in stream { _ = interpreter.feed([byte]) }
        let piecewise = interpreter.finish().map { [$0] } ?? []
        #expect(whole == piecewise)
        #expect(whole.first?.errors.first == "byte 0: GS k data without NUL terminator")
    }
}
