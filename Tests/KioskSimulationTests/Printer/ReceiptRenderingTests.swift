import Foundation
import Testing
import KioskCore
import KioskSimulation

@Suite struct ReceiptRenderingTests {
    /// A counter-sale receipt as a real encoder would send it, built by hand.
    static func saleReceiptBytes() -> [UInt8] {
        var stream = ESCPOSStream()
        stream.chineseModeOn()
        stream.align(1)
        stream.bold(true)
        stream.size(width: 2, height: 2)
        stream.gb18030(GB18030Samples.serviceStation + [0x0A])
        stream.size(width: 1, height: 1)
        stream.bold(false)
        stream.align(0)
        stream.line("Order 20261123-0042")
        stream.ascii("Walnuts 2.5kg x 1     ")
        stream.gb18030(GB18030Samples.fullWidthYen)
        stream.line("45.00")
        stream.bold(true)
        stream.gb18030(GB18030Samples.total)
        stream.ascii("                  ")
        stream.gb18030(GB18030Samples.fullWidthYen)
        stream.line("45.00")
        stream.bold(false)
        stream.align(1)
        stream.ean13("690123456789")
        stream.qr(Array("https://cun.example.cn/o/20261123-0042".utf8))
        stream.feed(lines: 2)
        stream.drawerKick()
        stream.cut()
        return stream.bytes
    }

    @Test func chineseTextIsDecodedAndDrawn() throws {
        let receipt = try #require(ESCPOSInterpreter.receipts(in: Self.saleReceiptBytes()).first)
        #expect(receipt.errors.isEmpty)
        #expect(receipt.textLines.first == "村小二服务站")
        #expect(receipt.textLines.contains("合计                  ￥45.00"))
        let bitmap = try ReceiptRasterizer(paperWidthDots: 384).render(receipt)
        #expect(bitmap.width == 384)
        // The double-size title is 6 × 48 = 288 dots wide, centred: 48…336, first 48-dot row band.
        let titleInk = bitmap.blackPixelCount(x: 48, y: 16, width: 288, height: 48)
        #expect(titleInk > 1500)
        #expect(bitmap.blackPixelCount(x: 0, y: 16, width: 40, height: 48) == 0)
    }

    @Test func sameBytesRenderToIdenticalPNG() throws {
        let bytes = Self.saleReceiptBytes()
        let first = try PNGWriter.encode(ReceiptRasterizer(paperWidthDots: 384).render(
            #require(ESCPOSInterpreter.receipts(in: bytes).first)))
        let second = try PNGWriter.encode(ReceiptRasterizer(paperWidthDots: 384).render(
            #require(ESCPOSInterpreter.receipts(in: bytes).first)))
        #expect(first == second)
        #expect(Array(first.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func savedReceiptFilesScanAndReadBack() throws {
        let receipt = try #require(ESCPOSInterpreter.receipts(in: Self.saleReceiptBytes()).first)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try ReceiptFiles.write(
            receipt, number: 7, directory: directory.path, rasterizer: ReceiptRasterizer(paperWidthDots: 384)
        )
        #expect(paths.png.hasSuffix("/receipt-0007.png"))
        let transcript = try String(contentsOfFile: paths.transcript, encoding: .utf8)
        #expect(transcript == ReceiptTranscript.text(of: receipt))
        let png = try Array(Data(contentsOf: URL(fileURLWithPath: paths.png)))
        let lines = String(decoding: try Zbar.decode(png: png), as: UTF8.self).split(separator: "\n").sorted()
        #expect(lines == ["6901234567892", "https://cun.example.cn/o/20261123-0042"])
    }

    @Test func transcriptSpellsOutTheReceipt() throws {
        let receipt = try #require(ESCPOSInterpreter.receipts(in: Self.saleReceiptBytes()).first)
        let transcript = ReceiptTranscript.text(of: receipt)
        #expect(transcript.hasPrefix("[center bold 2x2] 村小二服务站\nOrder 20261123-0042\n"))
        #expect(transcript.contains("[EAN-13 6901234567892]\n[QR M v3 https://cun.example.cn/o/20261123-0042]\n"))
        #expect(transcript.hasSuffix("[feed 60 dots]\n[drawer kick pin 2 on 100 ms off 500 ms]\n[cut]\n"))
    }

    @Test func chineseWithoutChineseModeIsFlaggedAsGarbled() throws {
        var stream = ESCPOSStream()
        stream.gb18030(GB18030Samples.total + [0x0A])
        let receipt = try #require(ESCPOSInterpreter.receipts(in: stream.bytes).first)
        #expect(receipt.textLines == ["????"])
        #expect(receipt.errors == ["byte 2: byte BA outside Chinese mode (missing FS &?)"])
    }

    @Test func garbageBytesBecomeErrorsNotCrashes() throws {
        var generator = SplitMix64(seed: 20261123)
        let rasterizer = try ReceiptRasterizer(paperWidthDots: 384)
        for _ in 0..<50 {
            let garbage = (0..<Int(generator.next() % 400)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            for receipt in ESCPOSInterpreter.receipts(in: garbage, chineseModeAtPowerOn: true) {
                _ = ReceiptTranscript.text(of: receipt)
                _ = try PNGWriter.encode(rasterizer.render(receipt))
            }
        }
        let unknown = ESCPOSInterpreter.receipts(in: [0x1B, 0x7E, 0x41, 0x0A, 0x1D, 0x28, 0x6B, 0xFF])
        #expect(unknown[0].errors == [
            "byte 0: unknown command 1B 7E",
            "byte 4: incomplete command at end of stream: 1D 28 6B FF",
        ])
        #expect(unknown[0].textLines == ["A"])
    }

    @Test func commandsSplitAcrossChunksParseTheSame() throws {
        let bytes = Self.saleReceiptBytes()
        var interpreter = ESCPOSInterpreter()
        var receipts: [ESCPOSReceipt] = []
        var offset = 0
        var chunkLength = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkLength)
            for case .receiptCompleted(let receipt) in interpreter.feed(Array(bytes[offset..<end])) {
                receipts.append(receipt)
            }
            offset = end
            chunkLength = chunkLength % 7 + 1
        }
        #expect(receipts == ESCPOSInterpreter.receipts(in: bytes))
    }

    @Test func rasterImageIsDrawnDotForDot() throws {
        var stream = ESCPOSStream()
        // 16 × 2 dots: a full black row, then alternating dots.
        stream.raw([0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0xFF, 0xFF, 0xAA, 0xAA])
        let receipt = try #require(ESCPOSInterpreter.receipts(in: stream.bytes).first)
        let bitmap = try ReceiptRasterizer(paperWidthDots: 384).render(receipt)
        #expect(bitmap.blackPixelCount() == 16 + 8)
        #expect(bitmap.isBlack(x: 0, y: 17) && !bitmap.isBlack(x: 1, y: 17) && bitmap.isBlack(x: 15, y: 16))
    }
}
