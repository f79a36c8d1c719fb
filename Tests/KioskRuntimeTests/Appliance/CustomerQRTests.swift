import Foundation
import KioskCore
@testable import KioskEngine
@testable import KioskRuntime
import KioskScreen
import Testing

/// The payment QR the customer display draws: the modules the station sends, rendered as the page draws
/// them (a 4-module quiet zone, square modules) and read back by zbarimg, as a customer's phone would.
@Suite("Customer display payment QR")
struct CustomerQRTests {
    /// Payment links as the providers give them, and lengths up to what a version 10 symbol at level M holds.
    static let texts = [
        "weixin://wxpay/bizpayurl?pr=Cq8sQ4uzz",
        "https://qr.alipay.com/bax08861ymbjnuxk7wer0037",
        "weixin://wxpay/bizpayurl?pr=" + String(repeating: "aB3", count: 24),
        "https://qr.alipay.com/" + String(repeating: "x7", count: 50),
        String(repeating: "0123456789", count: 21),
        "扫码付 ￥12.50",
    ]

    /// `rows` at `scale` pixels a module, with the quiet zone, as a binary PGM image.
    static func pgm(_ rows: [String], scale: Int = 6) -> [UInt8] {
        let side = (rows.count + 8) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for (y, row) in rows.enumerated() {
            for (x, module) in row.enumerated() where module == "1" {
                for dy in 0 ..< scale {
                    let start = ((y + 4) * scale + dy) * side + (x + 4) * scale
                    for dx in 0 ..< scale { pixels[start + dx] = 0 }
                }
            }
        }
        return Array("P5\n\(side) \(side)\n255\n".utf8) + pixels
    }

    /// What zbarimg reads in `image` (a PGM), exactly (`--raw`).
    static func zbarimg(_ image: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-qr-\(UUID().uuidString).pgm").path
        try Data(image).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["--raw", "-q", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test("every QR the display draws reads back as the provider's text", arguments: texts)
    func readsBack(_ text: String) throws {
        let view = try #require(ScreenState.QRView(text: text, provider: "wechat", prompt: "", amountText: ""))
        #expect(view.rows.allSatisfy { $0.count == view.rows.count }, "a square of modules")
        #expect(try Self.zbarimg(Self.pgm(view.rows)) == text)
    }

    @Test("the display's view names the provider and asks in the board's language")
    func wording() throws {
        let qr = PresentedQR(key: PaymentKey(orderID: 3, attempt: 1), scheme: .alipay, amountFen: 1_250,
                             text: "https://qr.alipay.com/bax0")
        let zh = try #require(Station.qrView(qr, zh: true))
        #expect(zh.provider == "alipay" && zh.prompt == "请用支付宝扫码支付" && zh.amountText == "￥12.50")
        let english = try #require(Station.qrView(PresentedQR(key: qr.key, scheme: .wechat, amountFen: 1_250, text: qr.text),
                                                  zh: false))
        #expect(english.provider == "wechat" && english.prompt == "Scan with WeChat to pay")
        #expect(ScreenState.QRView(text: String(repeating: "x", count: 3_000), provider: "wechat", prompt: "",
                                   amountText: "") == nil, "too long for any QR code")
    }
}
