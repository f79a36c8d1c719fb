import Testing
import KioskDevices

@Suite struct ESCPOSEncoderTests {
    @Test func styleCommandsHaveTheirESCPOSBytes() {
        var encoder = ESCPOSEncoder()
        encoder.initialize()
        encoder.setBold(true)
        encoder.setSize(width: 2, height: 2)
        encoder.setAlignment(.center)
        encoder.setChineseMode(true)
        encoder.setChineseMode(false)
        #expect(encoder.bytes == [0x1B, 0x40, 0x1B, 0x45, 1, 0x1D, 0x21, 0x11, 0x1B, 0x61, 1, 0x1C, 0x26, 0x1C, 0x2E])
    }

    @Test func chineseTextGoesOutInGB18030() {
        var encoder = ESCPOSEncoder()
        encoder.line("核桃 ￥36.00")
        #expect(encoder.bytes == [0xBA, 0xCB, 0xCC, 0xD2, 0x20, 0xA3, 0xA4] + Array("36.00\n".utf8))
    }

    @Test func charactersWithoutAPrinterGlyphBecomeQuestionMarksAndControlsAreDropped() {
        var encoder = ESCPOSEncoder()
        encoder.text("¥5\u{1B}@")
        #expect(encoder.bytes == Array("?5@".utf8))
    }

    @Test func ean13ComputesTheCheckDigit() throws {
        var encoder = ESCPOSEncoder()
        try encoder.ean13("690123456789", heightDots: 80, moduleWidth: 2, humanReadable: .below)
        #expect(encoder.bytes == [0x1D, 0x68, 80, 0x1D, 0x77, 2, 0x1D, 0x48, 2, 0x1D, 0x6B, 67, 13] + Array("6901234567892".utf8))
    }

    @Test func ean13WithAWrongCheckDigitIsRefused() {
        var encoder = ESCPOSEncoder()
        #expect(throws: ESCPOSEncodingError.invalidBarcode("6901234567890")) {
            try encoder.ean13("6901234567890")
        }
        #expect(encoder.bytes.isEmpty)
    }

    @Test func code128UsesCodeSetBAndEscapesBraces() throws {
        var encoder = ESCPOSEncoder()
        try encoder.code128("#PAY{", heightDots: 60, moduleWidth: 2, humanReadable: .none)
        #expect(Array(encoder.bytes.suffix(12)) == [0x1D, 0x6B, 73, 8] + Array("{B#PAY{{".utf8))
    }

    @Test func qrCodeStoresThePayloadWithItsLength() throws {
        var encoder = ESCPOSEncoder()
        try encoder.qrCode("ABC", moduleSizeDots: 6, errorCorrection: .medium)
        #expect(encoder.bytes == [
            0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 6,
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 49,
            0x1D, 0x28, 0x6B, 6, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42, 0x43,
            0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,
        ])
    }

    @Test func rasterImageIsSentInBandsWithItsSize() {
        var image = MonochromeBitmap(widthDots: 10, heightDots: 300)
        image[0, 0] = true
        image[9, 299] = true
        var encoder = ESCPOSEncoder()
        encoder.rasterImage(image)
        #expect(Array(encoder.bytes.prefix(9)) == [0x1D, 0x76, 0x30, 0, 2, 0, 0, 1, 0x80])
        let secondBand = 8 + 2 * 256
        #expect(Array(encoder.bytes[secondBand..<(secondBand + 8)]) == [0x1D, 0x76, 0x30, 0, 2, 0, 44, 0])
        #expect(encoder.bytes.last == 0x40)
        #expect(encoder.bytes.count == 8 + 512 + 8 + 88)
    }

    @Test func cutAndDrawerKick() {
        var encoder = ESCPOSEncoder()
        encoder.cut(.partial, feedDots: 48)
        encoder.cut(.full, feedDots: 0)
        encoder.kickDrawer(pin: 2, pulseMs: 100)
        encoder.kickDrawer(pin: 5, pulseMs: 1000)
        #expect(encoder.bytes == [0x1D, 0x56, 66, 48, 0x1D, 0x56, 65, 0, 0x1B, 0x70, 0, 50, 50, 0x1B, 0x70, 1, 255, 255])
    }
}
