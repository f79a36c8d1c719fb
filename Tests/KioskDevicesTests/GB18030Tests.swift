import KioskCore
import KioskDevices
import Testing

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

/// Receipt text is laid out byte by byte when every character is one Unicode scalar, and character by
/// character otherwise: either way a text prints as its characters would one by one.
@Suite struct PrinterTextTests {
    static func encoded(_ text: String) -> [UInt8] {
        var encoder = ESCPOSEncoder()
        encoder.text(text)
        return encoder.bytes
    }

    @Test func controlCharactersAreDroppedAndMissingGlyphsPrintAsQuestionMarks() {
        #expect(Self.encoded("核桃\tA\u{7F}B\u{1B}@\n") == GB18030.encode("核桃")! + Array("AB@\n".utf8))
        #expect(Self.encoded("¥5") == Array("?5".utf8))
        #expect(Self.encoded("\u{85}x") == Array("?x".utf8))
        #expect(Self.encoded("e\u{301}") == Array("?".utf8))
        #expect(Self.encoded("a\r\nb\rc") == Array("a\nbc".utf8))
        #expect(TextWidth.columns(of: "合计 ￥36.00") == 12)
        #expect(TextWidth.columns(of: "a\tb") == nil)
    }

    @Test func byteLayoutAgreesWithCharacterLayout() {
        // Scalars from every range the byte layout takes, and from ranges it leaves to the character
        // layout (combining marks, halfwidth voiced marks, emoji and joiners, CR LF, Hangul jamo).
        let pool: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "-", "\n", "\r", "\t", "\u{7F}", "\u{85}", "×", "é", "¥", "—", "…", "“",
            "、", "。", "「", "核", "桃", "仁", "花", "椒", "ア", "ｶ", "ﾟ", "ﾞ", "￥", "（", "：",
            "\u{301}", "\u{302A}", "\u{3099}", "\u{200D}", "😀", "\u{FE0F}", "\u{1100}", "\u{1161}", "가",
        ]
        var generator = SplitMix64(seed: 20261123)
        for _ in 0 ..< 2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0 ..< Int.random(in: 0 ... 12, using: &generator) {
                text.append(pool.randomElement(using: &generator)!)
            }
            let string = String(text)
            let label = "\(string.unicodeScalars.map(\.value))"
            let oneByOne = string.reduce(into: [UInt8]()) { $0 += Self.encoded(String($1)) }
            #expect(Self.encoded(string) == oneByOne, "\(label)")
            let widths = string.map { TextWidth.columns(of: String($0)) }
            let expectedWidth = widths.contains(nil) ? nil : widths.reduce(0) { $0 + $1! }
            #expect(TextWidth.columns(of: string) == expectedWidth, "\(label)")
            let width = Int.random(in: 1 ... 10, using: &generator)
            let (head, tail) = TextWidth.split(string, fitting: width)
            #expect(head + tail == string)
            let headColumns = GB18030.encodeCharacters(head).map { $0.reduce(0) { $0 + (TextWidth.columns(ofEncoded: $1.bytes) ?? 1) } } ?? 0
            #expect(headColumns <= width || head.count == 0, "\(label) at \(width)")
            if let next = tail.first {
                let nextColumns = GB18030.encode(next).map { TextWidth.columns(ofEncoded: $0[...]) ?? 1 } ?? 1
                #expect(headColumns + nextColumns > width, "\(label) at \(width)")
            }
        }
    }
}
