import CZlib

/// Encodes a `Bitmap` as a 1-bit grayscale PNG, as black-and-white as thermal paper (pixels
/// darker than mid-gray are black). The same bitmap always gives the same bytes (no timestamps,
/// fixed compression level); one bit per dot keeps a receipt to a few kilobytes and a millisecond.
public enum PNGWriter {
    /// Why a PNG could not be made.
    public enum EncodingError: Error, Equatable, Sendable {
        case emptyBitmap
        case compressionFailed(code: Int32)
    }

    /// The PNG file's bytes.
    public static func encode(_ bitmap: Bitmap) throws(EncodingError) -> [UInt8] {
        guard bitmap.width > 0, bitmap.height > 0 else { throw .emptyBitmap }
        let rowBytes = (bitmap.width + 7) / 8
        var scanlines = [UInt8](repeating: 0xFF, count: (rowBytes + 1) * bitmap.height)
        for row in 0..<bitmap.height {
            let start = row * (rowBytes + 1)
            scanlines[start] = 0
            for column in 0..<bitmap.width where bitmap.isBlack(x: column, y: row) {
                scanlines[start + 1 + column / 8] &= ~(0x80 >> UInt8(column % 8))
            }
        }
        var compressedLength = compressBound(uLong(scanlines.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compress2(&compressed, &compressedLength, scanlines, uLong(scanlines.count), 6)
        guard status == Z_OK else { throw .compressionFailed(code: status) }
        compressed.removeLast(compressed.count - Int(compressedLength))

        var header: [UInt8] = []
        appendBigEndian(UInt32(bitmap.width), to: &header)
        appendBigEndian(UInt32(bitmap.height), to: &header)
        header += [1, 0, 0, 0, 0]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", compressed, to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        appendBigEndian(UInt32(data.count), to: &file)
        file += typeAndData
        let checksum = crc32(0, typeAndData, uInt(typeAndData.count))
        appendBigEndian(UInt32(checksum), to: &file)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
