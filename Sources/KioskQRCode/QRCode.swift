/// A QR code symbol: a square of dark and light modules, encoded in byte mode.
///
/// Built the way ISO/IEC 18004 describes: the smallest version that holds the payload,
/// Reed–Solomon blocks interleaved, and the mask with the lowest penalty score.
public struct QRCode: Sendable, Equatable {
    /// Why a payload cannot become a symbol.
    public enum EncodingError: Error, Equatable, Sendable {
        /// The payload is longer than version 40 holds at this error-correction level.
        case payloadTooLong(bytes: Int, level: QRErrorCorrection)
    }

    /// The symbol version, 1 to 40.
    public let version: Int
    /// The error-correction level used.
    public let errorCorrection: QRErrorCorrection
    /// The mask pattern chosen, 0 to 7.
    public let mask: Int
    /// Modules per side (`4 × version + 17`).
    public let size: Int
    private let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Encodes `payload` in byte mode at the smallest version that holds it.
    public init(payload: [UInt8], errorCorrection: QRErrorCorrection) throws(EncodingError) {
        guard let version = Self.smallestVersion(payloadCount: payload.count, level: errorCorrection) else {
            throw .payloadTooLong(bytes: payload.count, level: errorCorrection)
        }
        let codewords = Self.interleavedCodewords(
            data: Self.dataCodewords(payload: payload, version: version, level: errorCorrection),
            version: version, level: errorCorrection
        )
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        var bestMask = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatBits(level: errorCorrection, mask: mask)
            let penalty = candidate.penaltyScore()
            if penalty < bestPenalty {
                bestPenalty = penalty
                bestMask = mask
            }
        }
        matrix.applyMask(bestMask)
        matrix.drawFormatBits(level: errorCorrection, mask: bestMask)
        self.version = version
        self.errorCorrection = errorCorrection
        self.mask = bestMask
        self.size = matrix.size
        self.modules = matrix.modules
    }

    /// The most bytes a symbol of `version` holds at `level` in byte mode.
    public static func byteCapacity(version: Int, level: QRErrorCorrection) -> Int {
        QRTables.dataCodewords(version: version, level: level) - (4 + characterCountBits(version: version) + 7) / 8
    }

    /// The rows as `0`/`1` text, top to bottom (`1` dark), without the quiet zone: what the screen sends
    /// the customer display, which draws them.
    public var rows: [String] {
        (0..<size).map { y in String((0..<size).map { isDark(x: $0, y: y) ? "1" : "0" }) }
    }

    private static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    private static func smallestVersion(payloadCount: Int, level: QRErrorCorrection) -> Int? {
        for version in 1...40 {
            let neededBits = 4 + characterCountBits(version: version) + payloadCount * 8
            if neededBits <= QRTables.dataCodewords(version: version, level: level) * 8 {
                return version
            }
        }
        return nil
    }

    /// Mode indicator, count, payload, terminator and the 0xEC/0x11 pad bytes.
    private static func dataCodewords(payload: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let capacityBits = QRTables.dataCodewords(version: version, level: level) * 8
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(payload.count, count: characterCountBits(version: version))
        for byte in payload {
            bits.append(Int(byte), count: 8)
        }
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var padByte = 0xEC
        while bits.count < capacityBits {
            bits.append(padByte, count: 8)
            padByte ^= 0xEC ^ 0x11
        }
        return bits.bytes
    }

    /// Splits data into blocks, appends each block's error correction, and interleaves them.
    private static func interleavedCodewords(data: [UInt8], version: Int, level: QRErrorCorrection) -> [UInt8] {
        let blockCount = QRTables.errorCorrectionBlocks[level.rawValue][version]
        let eccLength = QRTables.eccCodewordsPerBlock[level.rawValue][version]
        let rawCodewords = QRTables.rawDataModules(version: version) / 8
        let shortBlockCount = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let generator = ReedSolomon.generator(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for blockIndex in 0..<blockCount {
            let dataLength = shortBlockLength - eccLength + (blockIndex < shortBlockCount ? 0 : 1)
            var block = Array(data[offset..<(offset + dataLength)])
            offset += dataLength
            let ecc = ReedSolomon.remainder(of: block, generator: generator)
            if blockIndex < shortBlockCount {
                block.append(0)
            }
            blocks.append(block + ecc)
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in 0..<blocks[0].count {
            for (blockIndex, block) in blocks.enumerated()
            where column != shortBlockLength - eccLength || blockIndex >= shortBlockCount {
                result.append(block[column])
            }
        }
        return result
    }
}

/// Bits appended most significant first, read back as bytes.
private struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            bits.append((value >> shift) & 1 == 1)
        }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { byte, offset in (byte << 1) | (bits[start + offset] ? 1 : 0) }
        }
    }
}
