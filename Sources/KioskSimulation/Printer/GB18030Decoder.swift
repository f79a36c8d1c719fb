import Glibc

/// Decodes GB18030 bytes to Unicode with glibc's iconv.
enum GB18030Decoder {
    /// The decoded text, and whether any byte sequence was invalid (replaced by U+FFFD).
    static func decode(_ bytes: [UInt8]) -> (text: String, hadInvalidBytes: Bool) {
        guard !bytes.isEmpty else { return ("", false) }
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, Int(bitPattern: converter) != -1 else {
            return (String(repeating: "\u{FFFD}", count: bytes.count), true)
        }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        var decoded: [UInt8] = []
        var hadInvalidBytes = false
        var inputOffset = 0
        while inputOffset < input.count {
            var inputLeft = input.count - inputOffset
            var outputLeft = output.count
            let result = input.withUnsafeMutableBufferPointer { inputBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    var inputPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress! + inputOffset
                    var outputPointer: UnsafeMutablePointer<CChar>? = outputBuffer.baseAddress!
                    return iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                }
            }
            decoded += output[0..<(output.count - outputLeft)].map { UInt8(bitPattern: $0) }
            inputOffset = input.count - inputLeft
            if result == -1 {
                hadInvalidBytes = true
                decoded += [0xEF, 0xBF, 0xBD]
                inputOffset += 1
            }
        }
        return (String(decoding: decoded, as: UTF8.self), hadInvalidBytes)
    }
}
