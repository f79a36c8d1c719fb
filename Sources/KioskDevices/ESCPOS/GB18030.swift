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
        return SharedConverter.utf8ToGB18030?.convert(Array(text.utf8))
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

    /// The converted bytes of `input`, or nil when it does not convert.
    func convert(_ input: [UInt8]) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        iconv(converter, nil, nil, nil, nil)
        var input = input
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
}
