/// The page `kiosk printer test` prints: station header, Chinese text and money, a barcode, a QR
/// code and a cut — one of everything a receipt uses, so a technician sees at once what works.
public enum PrinterTestPage {
    /// The bytes of the test page for `stationName` on a printer configured so.
    public static func bytes(stationName: String, configuration: PrinterConfiguration) -> [UInt8] {
        var page = ReceiptBuilder(configuration: configuration)
        page.align(.center)
        page.size(width: 2, height: 2)
        page.bold(true)
        page.line(stationName)
        page.size()
        page.bold(false)
        page.line("打印机测试页 Printer test")
        page.align(.left)
        page.rule()
        page.line("纸宽 \(configuration.paperWidthDots) 点 / \(configuration.columns) 列")
        page.twoColumns("陇南核桃 2kg", ReceiptBuilder.money(fen: 3600))
        page.twoColumns("花椒 500g", ReceiptBuilder.money(fen: 2850))
        page.rule()
        // These are fixed, valid codes: encoding them cannot fail.
        try? page.ean13("6901234567892")
        try? page.qrCode("https://example.cn/kiosk/test")
        page.feed(lines: 1)
        page.cut()
        return page.bytes
    }
}
