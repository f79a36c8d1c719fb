import KioskDevices
import KioskCore
import Testing

@Suite struct PrintedDocumentTests {
    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func commandSheetHasACode128BarcodeForEveryAction() {
        let sheet = CommandSheet.bytes(configuration: .paper58mm)
        for command in CommandCode.allCases {
            let data = Array("{B\(command.barcodeText)".utf8)
            #expect(contains(sheet, [0x1D, 0x6B, 73, UInt8(data.count)] + data), "missing \(command.barcodeText)")
            #expect(contains(sheet, GB18030.encode(command.caption.zhHans)!))
        }
        #expect(Array(sheet.suffix(4)) == [0x1D, 0x56, 66, 48])
    }

    @Test func testPageHasHeaderChineseTextBarcodeQRCodeAndCut() {
        let page = PrinterTestPage.bytes(stationName: "陇南服务站", configuration: .paper80mm)
        #expect(contains(page, GB18030.encode("陇南服务站\n")!))
        #expect(contains(page, GB18030.encode("￥36.00")!))
        #expect(contains(page, [0x1D, 0x6B, 67, 13] + Array("6901234567892".utf8)))
        #expect(contains(page, [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]))
        #expect(contains(page, GB18030.encode("纸宽 576 点 / 48 列")!))
        #expect(Array(page.suffix(4)) == [0x1D, 0x56, 66, 48])
    }
}

@Test("every command barcode fits 58 mm paper at two dots a module")
func everyCommandBarcodeFitsNarrowPaper() throws {
    for command in CommandCode.allCases {
        var sheet = ReceiptBuilder(configuration: .paper58mm)
        try sheet.code128(command.barcodeText)
    }
}
