import CFreeType

/// Draws characters in printer cells (12×24 dots for ASCII, 24×24 for everything else) with
/// FreeType, black-and-white like a thermal head. Glyphs are cached; not for use across threads.
final class GlyphRenderer {
    /// Why the font could not be opened.
    enum LoadError: Error, Equatable {
        case freeTypeInitFailed(code: Int32)
        case fontOpenFailed(path: String, code: Int32)
    }

    static let cellHeight = 24
    private static let baseline = 20

    private var library: FT_Library?
    private var face: FT_Face?
    private var cache: [Unicode.Scalar: [Bool]] = [:]

    init(fontPath: String, faceIndex: Int) throws(LoadError) {
        var library: FT_Library?
        let initStatus = FT_Init_FreeType(&library)
        guard initStatus == 0, let library else { throw .freeTypeInitFailed(code: initStatus) }
        var face: FT_Face?
        let openStatus = FT_New_Face(library, fontPath, faceIndex, &face)
        guard openStatus == 0, let face else {
            FT_Done_FreeType(library)
            throw .fontOpenFailed(path: fontPath, code: openStatus)
        }
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(Self.cellHeight))
        self.library = library
        self.face = face
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    /// Dots a character takes across at size 1.
    static func cellWidth(of scalar: Unicode.Scalar) -> Int {
        scalar.value < 0x80 ? 12 : 24
    }

    /// The character's cell, `cellWidth × 24` dots row-major, true = black.
    func cell(for scalar: Unicode.Scalar) -> [Bool] {
        if let cached = cache[scalar] {
            return cached
        }
        let width = Self.cellWidth(of: scalar)
        var cell = [Bool](repeating: false, count: width * Self.cellHeight)
        let renderFlags: Int32 = 4 | 8  // FT_LOAD_RENDER | FT_LOAD_NO_BITMAP: outlines only, the same at every run
        if let face, FT_Load_Char(face, FT_ULong(scalar.value), renderFlags) == 0, let slot = face.pointee.glyph {
            let bitmap = slot.pointee.bitmap
            let advance = Int(slot.pointee.advance.x) / 64
            let left = slot.pointee.bitmap_left + Int32((width - advance) / 2)
            let top = Int32(Self.baseline) - slot.pointee.bitmap_top
            if let buffer = bitmap.buffer {
                for row in 0..<Int(bitmap.rows) {
                    for column in 0..<Int(bitmap.width) where buffer[row * Int(bitmap.pitch) + column] >= 128 {
                        let x = Int(left) + column
                        let y = Int(top) + row
                        if x >= 0, x < width, y >= 0, y < Self.cellHeight {
                            cell[y * width + x] = true
                        }
                    }
                }
            }
        }
        cache[scalar] = cell
        return cell
    }
}
