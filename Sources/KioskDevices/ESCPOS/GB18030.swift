#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts text to GB18030, the encoding Chinese receipt printers read, through the C library's iconv.
///
/// Foundation on Linux has no GB18030 `String.Encoding`, while glibc's iconv has supported it for
/// decades. Each call opens its own converter, so the type is freely shareable between threads.
public enum GB18030 {
    /// The GB18030 bytes of `text`, or `nil` when iconv cannot convert it (it can convert every
    /// Unicode scalar, so `nil` means the converter itself is unavailable).
    public static func encode(_ text: String) -> [UInt8]? {
        if text.isEmpty { return [] }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        let converter = iconv_open("GB18030", "UTF-8")
        // iconv_open reports failure as (iconv_t)-1.
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        defer { iconv_close(converter) }

        var input = Array(text.utf8)
        // A GB18030 sequence is at most 4 bytes and a UTF-8 sequence at least 1: 4× always fits.
        var output = [UInt8](repeating: 0, count: input.count * 4)
        let outputCapacity = output.count
        let result: Int = input.withUnsafeMutableBytes { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer in
                var inputPointer = inputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inputLeft = inputBuffer.count
                var outputPointer = outputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outputLeft = outputBuffer.count
                let converted = iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                return converted == -1 ? -1 : outputCapacity - outputLeft
            }
        }
        guard result >= 0 else { return nil }
        return Array(output[0..<result])
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

    private static func sequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        if bytes[offset] < 0x80 { return 1 }
        if offset + 1 < bytes.count, (0x30...0x39).contains(bytes[offset + 1]) { return 4 }
        return 2
    }
}
