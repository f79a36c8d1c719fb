/// Hand-built ESC/POS byte streams (standard Epson commands), independent of the real encoder.
struct ESCPOSStream {
    private(set) var bytes: [UInt8] = [0x1B, 0x40]

    mutating func raw(_ more: [UInt8]) { bytes += more }
    mutating func chineseModeOn() { raw([0x1C, 0x26]) }
    mutating func align(_ mode: UInt8) { raw([0x1B, 0x61, mode]) }
    mutating func bold(_ on: Bool) { raw([0x1B, 0x45, on ? 1 : 0]) }
    mutating func size(width: UInt8, height: UInt8) { raw([0x1D, 0x21, (width - 1) << 4 | (height - 1)]) }
    mutating func ascii(_ text: String) { raw(Array(text.utf8)) }
    mutating func line(_ text: String) { ascii(text); raw([0x0A]) }
    mutating func gb18030(_ bytes: [UInt8]) { raw(bytes) }

    mutating func ean13(_ digits: String) {
        raw([0x1D, 0x68, 80, 0x1D, 0x77, 3, 0x1D, 0x48, 2])
        raw([0x1D, 0x6B, 67, UInt8(digits.utf8.count)] + Array(digits.utf8))
    }

    mutating func code128(_ data: [UInt8]) {
        raw([0x1D, 0x68, 80, 0x1D, 0x77, 2, 0x1D, 0x48, 2])
        raw([0x1D, 0x6B, 73, UInt8(data.count)] + data)
    }

    mutating func qr(_ payload: [UInt8], moduleSize: UInt8 = 4, level: UInt8 = 0x31) {
        raw([0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0x00])
        raw([0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, moduleSize])
        raw([0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, level])
        let length = payload.count + 3
        raw([0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30] + payload)
        raw([0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30])
    }

    mutating func feed(lines: UInt8) { raw([0x1B, 0x64, lines]) }
    mutating func cut() { raw([0x1D, 0x56, 0x41, 0]) }
    mutating func drawerKick() { raw([0x1B, 0x70, 0, 50, 250]) }
}

/// GB18030 bytes of the Chinese strings the tests print (from the GB18030-2005 tables).
enum GB18030Samples {
    /// 村小二服务站
    static let serviceStation: [UInt8] = [0xB4, 0xE5, 0xD0, 0xA1, 0xB6, 0xFE, 0xB7, 0xFE, 0xCE, 0xF1, 0xD5, 0xBE]
    /// 合计
    static let total: [UInt8] = [0xBA, 0xCF, 0xBC, 0xC6]
    /// ￥ (full-width yen, safe on GBK fonts)
    static let fullWidthYen: [UInt8] = [0xA3, 0xA4]
}
