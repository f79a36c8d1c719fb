import Foundation
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskSimulation
import Testing

/// The printer test page, encoded by the real ESC/POS encoder for the sim board and printed by the
/// simulated printer, carries an EAN-13 and a QR code that an independent decoder reads back.
@Test("the test page's EAN-13 and QR code decode from the rendered receipt")
func testPageCodesDecode() throws {
    let configuration = try StationConfiguration(board: try Repository.board())
    let bytes = PrinterTestPage.bytes(stationName: configuration.receiptHeader, configuration: configuration.printer)
    var printer = SimulatedPrinter(paperWidthDots: configuration.printer.paperWidthDots)
    _ = printer.receive(bytes)
    let receipt = try #require(printer.recentReceipts.first)
    let png = try PNGWriter.encode(try ReceiptRasterizer(paperWidthDots: 384).render(receipt))
    let decoded = String(decoding: try ZbarReader.decode(png: png), as: UTF8.self)
    #expect(decoded.contains("6901234567892"))
    #expect(decoded.contains("https://example.cn/kiosk/test"))
}
