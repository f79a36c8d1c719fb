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

    @Test func oneConversionIsCutBackIntoCharacters() throws {
        let characters = try #require(GB18030.encodeCharacters("a核¥e\u{301}"))
        #expect(characters.map { Array($0.bytes) } == [[0x61], [0xBA, 0xCB], [0x81, 0x30, 0x84, 0x36], [0x65, 0x81, 0x30, 0xBC, 0x37]])
        #expect(characters.map(\.character) == ["a", "核", "¥", "e\u{301}"])
    }

    @Test func charactersOutsideThePrinterFontHaveNoWidth() {
        #expect(TextWidth.columns(of: "e\u{301}") == nil)
        #expect(TextWidth.split("核桃abc", fitting: 5) == ("核桃a", "bc"))
        #expect(TextWidth.split("核桃", fitting: 3) == ("核", "桃"))
    }
}
