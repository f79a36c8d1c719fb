/// How many printer columns text takes in a printer's built-in fonts.
///
/// A printer font cell is 12×24 dots for ASCII and 24×24 for a double-byte (GBK) character, so the
/// GB18030 byte length of a character is its width: one byte → 1 column, two bytes → 2 columns.
/// Four-byte GB18030 characters (such as `¥` U+00A5, or Uyghur letters) are outside every
/// printer font we know of; they are reported as not printable so the caller can rasterise them.
public enum TextWidth {
    /// The printed width of one character, or `nil` when the printer has no glyph for it.
    public static func columns(of character: Character) -> Int? {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii < 0x7F ? 1 : nil
        }
        guard let bytes = GB18030.encode(character), bytes.count == 2 else { return nil }
        return 2
    }

    /// The printed width of a character whose GB18030 bytes are `bytes`, or `nil` when the
    /// printer has no glyph for it.
    public static func columns(ofEncoded bytes: ArraySlice<UInt8>) -> Int? {
        switch bytes.count {
        case 1: bytes.first.map { $0 >= 0x20 && $0 < 0x7F ? 1 : nil } ?? nil
        case 2: 2
        default: nil
        }
    }

    /// The printed width of `text`, or `nil` when any character has no glyph in the printer font.
    public static func columns(of text: String) -> Int? {
        if let bytes = GB18030.encodeSingleScalarCharacters(text) {
            return total(GB18030.Sequences(bytes))
        }
        guard let characters = GB18030.encodeCharacters(text) else { return nil }
        return total(characters.lazy.map(\.bytes))
    }

    /// The longest prefix of `text` that fits in `columns`, and the rest; never splits a character.
    /// A character without a glyph counts as one column (it prints as `?`).
    public static func split(_ text: String, fitting columns: Int) -> (head: String, tail: String) {
        if let bytes = GB18030.encodeSingleScalarCharacters(text) {
            // Each sequence is one character and one scalar: count sequences, cut the scalars.
            let scalars = text.unicodeScalars
            let index = scalars.index(scalars.startIndex, offsetBy: count(GB18030.Sequences(bytes), fitting: columns))
            return (String(scalars[..<index]), String(scalars[index...]))
        }
        let characters = GB18030.encodeCharacters(text) ?? text.map { ($0, ArraySlice<UInt8>()) }
        let index = text.index(text.startIndex, offsetBy: count(characters.lazy.map(\.bytes), fitting: columns))
        return (String(text[..<index]), String(text[index...]))
    }

    /// The printed width of the characters of GB18030 `bytes` in `range` (each sequence one character),
    /// or `nil` when one has no glyph.
    static func columns(ofEncoded bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var total = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            let length = Swift.min(GB18030.sequenceLength(bytes, at: offset), range.upperBound - offset)
            guard let width = columns(ofEncoded: bytes, at: offset, length: length) else { return nil }
            total += width
            offset += length
        }
        return total
    }

    /// ``columns(ofEncoded:)`` of the `length` bytes of `bytes` at `offset`, without making a slice of them.
    @inline(__always)
    static func columns(ofEncoded bytes: [UInt8], at offset: Int, length: Int) -> Int? {
        switch length {
        case 1: bytes[offset] >= 0x20 && bytes[offset] < 0x7F ? 1 : nil
        case 2: 2
        default: nil
        }
    }

    /// The characters (sequences) of GB18030 `bytes` in `range`.
    static func characterCount(ofEncoded bytes: [UInt8], _ range: Range<Int>) -> Int {
        var count = 0
        var offset = range.lowerBound
        while offset < range.upperBound {
            offset += GB18030.sequenceLength(bytes, at: offset)
            count += 1
        }
        return count
    }

    /// Where the longest run of whole characters of GB18030 `bytes` from `start` that fits in `columns`
    /// ends; a character without a glyph counts one column (as in ``split(_:fitting:)``).
    static func end(ofEncoded bytes: [UInt8], from start: Int, fitting columns: Int) -> Int {
        var used = 0
        var offset = start
        while offset < bytes.count {
            let length = Swift.min(GB18030.sequenceLength(bytes, at: offset), bytes.count - offset)
            let width = Self.columns(ofEncoded: bytes, at: offset, length: length) ?? 1
            if used + width > columns { break }
            used += width
            offset += length
        }
        return offset
    }

    /// The width of the characters whose GB18030 bytes are `characters`, nil when one has no glyph.
    private static func total(_ characters: some Sequence<ArraySlice<UInt8>>) -> Int? {
        var total = 0
        for bytes in characters {
            guard let width = columns(ofEncoded: bytes) else { return nil }
            total += width
        }
        return total
    }

    /// How many of `characters` (their GB18030 bytes) fit in `columns`, one without a glyph counting one.
    private static func count(_ characters: some Sequence<ArraySlice<UInt8>>, fitting columns: Int) -> Int {
        var used = 0
        var count = 0
        for bytes in characters {
            let width = Self.columns(ofEncoded: bytes) ?? 1
            if used + width > columns { break }
            used += width
            count += 1
        }
        return count
    }
}
