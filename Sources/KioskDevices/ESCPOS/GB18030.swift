import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts text to GB18030, the encoding Chinese receipt printers read, through the C library's iconv.
///
/// Foundation on Linux has no GB18030 `String.Encoding`, while glibc's iconv has supported it for
/// decades. One converter is opened once and shared under a lock: opening one costs more than
/// converting a receipt line, and a receipt converts dozens of lines.
public enum GB18030 {
    /// The GB18030 bytes of `text`, or `nil` when iconv cannot convert it (it can convert every
    /// Unicode scalar, so `nil` means the converter itself is unavailable).
    public static func encode(_ text: String) -> [UInt8]? {
        if text.isEmpty { return [] }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        return SharedConverter.utf8ToGB18030?.convert(text)
    }

    /// The GB18030 bytes of one character (which may be several Unicode scalars).
    public static func encode(_ character: Character) -> [UInt8]? {
        encode(String(character))
    }

    /// The GB18030 bytes of each character of `text`, from a single conversion.
    ///
    /// GB18030 sequences delimit themselves (a byte below 0x80 stands alone; a lead byte followed
    /// by a digit starts a 4-byte sequence; any other lead byte a 2-byte one), so one conversion
    /// of the whole text is cut back into one sequence per Unicode scalar, then per character.
    public static func encodeCharacters(_ text: String) -> [(character: Character, bytes: ArraySlice<UInt8>)]? {
        guard let bytes = encode(text) else { return nil }
        var result: [(character: Character, bytes: ArraySlice<UInt8>)] = []
        result.reserveCapacity(text.count)
        var offset = 0
        for character in text {
            let start = offset
            for _ in character.unicodeScalars {
                guard offset < bytes.count else { return nil }
                offset += sequenceLength(bytes, at: offset)
            }
            guard offset <= bytes.count else { return nil }
            result.append((character, bytes[start..<offset]))
        }
        return offset == bytes.count ? result : nil
    }

    /// The GB18030 bytes of `text` when each of its characters is a single Unicode scalar, so each
    /// GB18030 sequence in the result is one character; `nil` when some character may be several
    /// scalars (a combining mark, an emoji sequence, CR LF) or the converter is unavailable.
    ///
    /// Receipt text — ASCII, Chinese, full-width forms — takes this path: layout then walks bytes
    /// instead of breaking the text into grapheme clusters, which is most of a receipt's cost.
    static func encodeSingleScalarCharacters(_ text: String) -> [UInt8]? {
        var isASCII = true
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars {
            guard standsAlone(scalar.value), !(previous == 0x0D && scalar.value == 0x0A) else { return nil }
            if scalar.value >= 0x80 { isASCII = false }
            previous = scalar.value
        }
        if isASCII { return Array(text.utf8) }
        return SharedConverter.utf8ToGB18030?.convert(text)
    }

    /// Whether `value` is a scalar that neither extends the character before it nor is extended by
    /// the next scalar when that one also stands alone (grapheme cluster rules GB3–GB9c), so it is a
    /// character by itself: Latin-1 and the spacing letters, general punctuation, CJK symbols, kana,
    /// ideographs and full-width forms, leaving out the combining marks inside those blocks.
    private static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0 ..< 0x300, 0x2010 ... 0x2027, 0x3000 ... 0x3029, 0x3030 ... 0x3098, 0x309B ... 0x9FFF,
             0xFF01 ... 0xFF9D, 0xFFE0 ... 0xFFE6: true
        default: false
        }
    }

    /// The length of the GB18030 sequence starting at `offset`.
    static func sequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        if bytes[offset] < 0x80 { return 1 }
        if offset + 1 < bytes.count, (0x30...0x39).contains(bytes[offset + 1]) { return 4 }
        return 2
    }

    /// The sequences of GB18030 `bytes`, one by one, as slices of them (nothing is copied).
    struct Sequences: Sequence, IteratorProtocol {
        let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func next() -> ArraySlice<UInt8>? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + GB18030.sequenceLength(bytes, at: offset), bytes.count)
            defer { offset = end }
            return bytes[offset ..< end]
        }
    }
}

/// One iconv converter used by every thread in turn (an `iconv_t` keeps shift state, so it must not
/// be used by two threads at once).
final class SharedConverter: @unchecked Sendable {
    private let converter: iconv_t
    private let lock = NSLock()

    /// UTF-8 to GB18030; nil when the C library has no such converter.
    static let utf8ToGB18030 = SharedConverter(to: "GB18030", from: "UTF-8")

    private init?(to: String, from: String) {
        let converter = iconv_open(to, from)
        // iconv_open reports failure as (iconv_t)-1.
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        self.converter = converter
    }

    /// The converted bytes of `text`'s UTF-8, or nil when it does not convert.
    func convert(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input in convert(input) }
    }

    private func convert(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        iconv(converter, nil, nil, nil, nil)
        // A GB18030 sequence is at most 4 bytes and a UTF-8 sequence at least 1: 4× always fits.
        let capacity = input.count * 4
        var failed = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { outputBuffer, initialized in
            // iconv's prototype takes a mutable input pointer but only reads through it.
            var inputPointer = UnsafeMutablePointer(mutating: input.baseAddress)
                .map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var inputLeft = input.count
            var outputPointer = outputBuffer.baseAddress
                .map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
            var outputLeft = capacity
            failed = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft) == -1
            initialized = failed ? 0 : capacity - outputLeft
        }
        return failed ? nil : output
    }
}
