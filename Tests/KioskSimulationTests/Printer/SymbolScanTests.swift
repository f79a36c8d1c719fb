import Testing
@testable import KioskSimulation

/// Receipts with barcodes and QR codes, rendered to PNG and read back by zbarimg.
@Suite struct SymbolScanTests {
    private func receipt(_ build: (inout ESCPOSStream) -> Void) throws -> ESCPOSReceipt {
        var stream = ESCPOSStream()
        stream.align(1)
        build(&stream)
        stream.cut()
        let receipts = ESCPOSInterpreter.receipts(in: stream.bytes)
        try #require(receipts.count == 1)
        #expect(receipts[0].errors.isEmpty)
        return receipts[0]
    }

    private func scanned(_ receipt: ESCPOSReceipt, paperWidthDots: Int = 384) throws -> String {
        var bytes = try Zbar.decode(receipt, paperWidthDots: paperWidthDots)
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        "PICKUP-7301",
        "https://cun.example.cn/p/2026/11/23/order?id=00012345&station=LN-0042&sig=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "取件码 7301 · 陇南市武都区 村小二服务站",
        String(repeating: "0123456789abcdef", count: 12),
    ])
    func qrPayloadReadsBackExactly(payload: String) throws {
        let printed = try receipt { $0.qr(Array(payload.utf8)) }
        #expect(try scanned(printed) == payload)
    }

    @Test(arguments: [UInt8(0x30), 0x31, 0x32, 0x33])
    func qrReadsBackAtEveryErrorCorrectionLevel(level: UInt8) throws {
        let payload = "ORDER 20261123-0042 TOTAL 12.50 CNY level \(level)"
        let printed = try receipt { $0.qr(Array(payload.utf8), moduleSize: 3, level: level) }
        guard case .qrCode(let code) = printed.elements.first else {
            Issue.record("no QR code on the receipt")
            return
        }
        #expect(code.symbol.errorCorrection == QRErrorCorrection(rawValue: Int(level) - 0x30))
        #expect(try scanned(printed) == payload)
    }

    /// Every version 1–10, and some larger ones across the table (all 40 were checked once; this keeps it fast).
    @Test func qrFilledToCapacityReadsBackAcrossVersions() throws {
        let rasterizer = try ReceiptRasterizer(paperWidthDots: 576)
        for version in Array(1...10) + [13, 21, 27, 40] {
            let level = QRErrorCorrection.allCases[version % 4]
            let capacity = QRCode.byteCapacity(version: version, level: level)
            let payload = (0..<capacity).map { UInt8(0x41 + $0 % 26) }
            let symbol = try QRCode(payload: payload, errorCorrection: level)
            #expect(symbol.version == version)
            let printed = ESCPOSReceipt(elements: [.qrCode(ESCPOSQRCode(
                payload: payload, symbol: symbol, moduleSizeDots: 2, alignment: .center
            ))])
            var read = try Zbar.decode(png: PNGWriter.encode(rasterizer.render(printed)))
            if read.last == 0x0A { read.removeLast() }
            #expect(read == payload, "version \(version) level \(level.letter)")
        }
    }

    @Test(arguments: ["690123456789", "6901234567892", "4006381333931", "2000012345678"])
    func ean13ReadsBackWithCheckDigit(digits: String) throws {
        let printed = try receipt { $0.ean13(digits) }
        let expected = digits.count == 13 ? digits : digits + "2"
        #expect(try scanned(printed) == expected)
    }

    @Test func ean13WithWrongCheckDigitIsRecordedNotPrinted() {
        var stream = ESCPOSStream()
        stream.ean13("6901234567890")
        let receipts = ESCPOSInterpreter.receipts(in: stream.bytes)
        #expect(receipts[0].errors.count == 1)
        #expect(receipts[0].errors[0].contains("wrongCheckDigit(expected: 2)"))
    }

    @Test func code128InCodeSetsBAndCReadsBack() throws {
        let codeB = try receipt { $0.code128(Array("{BSF1234567890".utf8)) }
        #expect(try scanned(codeB) == "SF1234567890")
        let codeC = try receipt { $0.code128(Array("{C".utf8) + [12, 34, 56, 78, 90, 1]) }
        #expect(try scanned(codeC) == "123456789001")
        let mixed = try receipt { $0.code128(Array("{BYT-".utf8) + Array("{C".utf8) + [20, 26, 11, 23]) }
        #expect(try scanned(mixed) == "YT-20261123")
    }

    @Test func qrOnEightyMillimetrePaperReadsBack() throws {
        let payload = "https://example.cn/r/80mm"
        let printed = try receipt { $0.qr(Array(payload.utf8), moduleSize: 6) }
        #expect(try scanned(printed, paperWidthDots: 576) == payload)
    }
}
