import Testing
import KioskDevices

@Suite struct GB18030Tests {
    @Test func fullWidthYuanSignIsTwoBytes() {
        #expect(GB18030.encode("￥") == [0xA3, 0xA4])
    }

    @Test func halfWidthYenSignNeedsFourBytes() {
        #expect(GB18030.encode("¥") == [0x81, 0x30, 0x84, 0x36])
    }

    @Test func walnutInChinese() {
        #expect(GB18030.encode("核桃") == [0xBA, 0xCB, 0xCC, 0xD2])
    }

    @Test func asciiPassesThrough() {
        #expect(GB18030.encode("ABC 123") == Array("ABC 123".utf8))
    }
}
