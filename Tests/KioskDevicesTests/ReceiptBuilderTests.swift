import Testing
import KioskDevices

@Suite struct ReceiptBuilderTests {
    @Test func receiptStartsWithInitAndChineseMode() {
        let builder = ReceiptBuilder(configuration: .paper58mm)
        #expect(builder.bytes == [0x1B, 0x40, 0x1C, 0x26])
    }

    @Test func moneyUsesTheFullWidthYuanSignAndTwoDecimals() {
        #expect(ReceiptBuilder.money(fen: 3600) == "￥36.00")
        #expect(ReceiptBuilder.money(fen: 5) == "￥0.05")
        #expect(ReceiptBuilder.money(fen: -1250) == "-￥12.50")
    }

    @Test func chineseCharactersCountAsTwoColumns() {
        #expect(TextWidth.columns(of: "核桃 2kg") == 8)
        #expect(TextWidth.columns(of: "￥36.00") == 7)
        #expect(TextWidth.columns(of: "¥") == nil)
    }

    @Test func twoColumnLineFillsExactlyThePaperWidth() {
        var configuration = PrinterConfiguration.paper58mm
        configuration.chineseMode = false
        var builder = ReceiptBuilder(configuration: configuration)
        builder.twoColumns("核桃 2kg", "￥36.00")
        let body = Array(builder.bytes.dropFirst(2).dropLast())
        // 8 columns of name, 17 spaces, 7 columns of price: 32.
        #expect(body == GB18030.encode("核桃 2kg")! + Array(repeating: 0x20, count: 17) + GB18030.encode("￥36.00")!)
    }

    @Test func longNameWrapsAndThePriceStaysOnTheLastLine() {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.twoColumns("陇南特级核桃仁一级大果新货农家自产", "￥128.00")
        let lines = Array(builder.bytes.dropFirst(4)).split(separator: 0x0A).map(Array.init)
        #expect(lines.count == 2)
        // The price takes 8 columns, so a name line has 32 − 8 − 1 = 23: 11 Chinese characters.
        #expect(lines[0] == GB18030.encode("陇南特级核桃仁一级大果")!)
        // Double-byte characters are 2 columns and 2 bytes, so a full 32-column line is 32 bytes.
        #expect(lines[1].count == 32)
        #expect(Array(lines[1].prefix(12)) == GB18030.encode("新货农家自产")!)
        #expect(Array(lines[1].suffix(8)) == GB18030.encode("￥128.00")!)
    }

    /// Lines are laid out on their GB18030 bytes; they must come out as laying them out character by
    /// character does: wrapped where `TextWidth.split` cuts, each piece encoded by `ESCPOSEncoder.line`.
    @Test(arguments: [
        "", "Total", "核桃 2kg", "陇南特级核桃仁一级大果新货农家自产，陇南特级核桃仁一级大果新货农家自产", "￥36.00",
        "tab\there\u{7F}and bell\u{07}", "two\nlines", "yen ¥ sign", "ＡＢＣ　全角 and ascii mixed across the edge of paper",
    ])
    func aLineComesOutAsLayingItOutCharacterByCharacterDoes(text: String) {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.line(text)
        var expected = ESCPOSEncoder()
        var rest = text
        repeat {
            let (head, tail) = TextWidth.split(rest, fitting: 32)
            expected.line(head)
            rest = tail
        } while !rest.isEmpty
        #expect(Array(builder.bytes.dropFirst(4)) == expected.bytes)
    }

    @Test(arguments: [("核桃 2kg", "￥36.00"), ("陇南特级核桃仁一级大果新货农家自产", "￥128.00"), ("Apples", "9.90"),
                      ("a name far too long for one line of paper, wrapped", "x¥")])
    func twoColumnsComeOutAsLayingThemOutCharacterByCharacterDoes(left: String, right: String) {
        var builder = ReceiptBuilder(configuration: .paper58mm)
        builder.twoColumns(left, right)
        var expected = ESCPOSEncoder()
        let rightWidth = TextWidth.columns(of: right) ?? right.count
        let leftRoom = max(32 - rightWidth - 1, 1)
        var rest = left
        while (TextWidth.columns(of: rest) ?? rest.count) > leftRoom {
            let (head, tail) = TextWidth.split(rest, fitting: leftRoom)
            expected.line(head)
            rest = tail
        }
        let gap = max(32 - (TextWidth.columns(of: rest) ?? rest.count) - rightWidth, 1)
        expected.line(rest + String(repeating: " ", count: gap) + right)
        #expect(Array(builder.bytes.dropFirst(4)) == expected.bytes)
    }

    @Test func eightyMillimetrePaperHasFortyEightColumns() {
        var configuration = PrinterConfiguration.paper80mm
        configuration.chineseMode = false
        var builder = ReceiptBuilder(configuration: configuration)
        builder.twoColumns("Apples", "￥9.90")
        #expect(builder.bytes.count == 2 + 48 + 1)
    }

    @Test func textWithoutAPrinterFontIsRasterisedWhenARasterizerIsGiven() {
        struct BlockRasterizer: TextRasterizer {
            func rasterize(_ text: String, maxWidthDots: Int) -> MonochromeBitmap? {
                MonochromeBitmap(widthDots: 16, heightDots: 24)
            }
        }
        var builder = ReceiptBuilder(configuration: .paper58mm, rasterizer: BlockRasterizer())
        builder.line("ياڭاق")
        #expect(Array(builder.bytes.dropFirst(4).prefix(8)) == [0x1D, 0x76, 0x30, 0, 2, 0, 24, 0])
    }

    @Test func drawerIsKickedOnlyWhenConfigured() {
        var withoutDrawer = ReceiptBuilder(configuration: .paper58mm)
        withoutDrawer.openDrawer()
        #expect(withoutDrawer.bytes.count == 4)
        var configuration = PrinterConfiguration.paper58mm
        configuration.drawerPin = 2
        configuration.drawerPulseMs = 120
        var withDrawer = ReceiptBuilder(configuration: configuration)
        withDrawer.openDrawer()
        #expect(Array(withDrawer.bytes.suffix(5)) == [0x1B, 0x70, 0, 60, 60])
    }
}

@Test("a Code 128 too wide for 58 mm paper is refused, and fits on 80 mm")
func code128WiderThanThePaperIsRefused() throws {
    var short = ReceiptBuilder(configuration: .paper58mm)
    try short.code128("SIM-0001-2")
    #expect(short.bytes.contains([0x1D, 0x77, 2]))
    var long = ReceiptBuilder(configuration: .paper58mm)
    #expect(throws: ESCPOSEncodingError.barcodeTooWide("STATION-0001-1234", dots: 510)) {
        try long.code128("STATION-0001-1234")
    }
    #expect(long.bytes == ReceiptBuilder(configuration: .paper58mm).bytes)
    var wide = ReceiptBuilder(configuration: .paper80mm)
    try wide.code128("STATION-0001-1234")
    #expect(wide.bytes.contains([0x1D, 0x6B, 73]))
}
