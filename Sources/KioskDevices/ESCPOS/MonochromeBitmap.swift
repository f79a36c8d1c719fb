/// A one-bit image in the printer's raster layout: rows of bytes, most significant bit leftmost,
/// a set bit is a black dot.
public struct MonochromeBitmap: Sendable, Equatable {
    /// Width in dots.
    public let widthDots: Int
    /// Height in dots.
    public let heightDots: Int
    /// The packed rows, `bytesPerRow × heightDots` bytes.
    public private(set) var rows: [UInt8]

    /// Bytes in one packed row.
    public var bytesPerRow: Int { (widthDots + 7) / 8 }

    /// A white image.
    public init(widthDots: Int, heightDots: Int) {
        precondition(widthDots > 0 && heightDots > 0, "an image has at least one dot")
        self.widthDots = widthDots
        self.heightDots = heightDots
        rows = [UInt8](repeating: 0, count: (widthDots + 7) / 8 * heightDots)
    }

    /// Whether the dot at (`x`, `y`) is black.
    public subscript(x: Int, y: Int) -> Bool {
        get { rows[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0 }
        set {
            let index = y * bytesPerRow + x / 8
            let mask: UInt8 = 0x80 >> UInt8(x % 8)
            rows[index] = newValue ? rows[index] | mask : rows[index] & ~mask
        }
    }
}

/// Draws text the printer has no font for (Uyghur, Tibetan…) as an image, for ``ReceiptBuilder``.
/// The simulation's FreeType renderer is one; devices without one print `?` instead.
public protocol TextRasterizer: Sendable {
    /// `text` drawn as black on white, at most `maxWidthDots` wide.
    func rasterize(_ text: String, maxWidthDots: Int) -> MonochromeBitmap?
}
