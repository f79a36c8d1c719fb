/// Draws a receipt the way a thermal printer would put it on paper: text in 12×24 / 24×24 cells
/// (magnified for double sizes), barcodes and QR codes module by module, raster images dot by dot.
public final class ReceiptRasterizer {
    /// The Chinese font Debian's `fonts-wqy-zenhei` installs.
    public static let defaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    /// Face 1 of that collection is "WenQuanYi Zen Hei Mono": half-width ASCII, full-width CJK.
    public static let defaultFaceIndex = 1

    /// Dots across the paper: 384 for 58 mm, 576 for 80 mm.
    public let paperWidthDots: Int
    private let glyphs: GlyphRenderer
    private static let marginDots = 16
    private static let lineGapDots = ESCPOSInterpreter.lineSpacingDots - GlyphRenderer.cellHeight
    private static let quietZoneModules = 4

    /// Opens the font; throws if it cannot be loaded.
    public init(paperWidthDots: Int, fontPath: String = defaultFontPath, faceIndex: Int = defaultFaceIndex) throws {
        self.paperWidthDots = paperWidthDots
        self.glyphs = try GlyphRenderer(fontPath: fontPath, faceIndex: faceIndex)
    }

    /// The receipt as a picture `paperWidthDots` wide.
    public func render(_ receipt: ESCPOSReceipt) -> Bitmap {
        var bitmap = Bitmap(width: paperWidthDots)
        bitmap.appendWhiteRows(Self.marginDots)
        for element in receipt.elements {
            switch element {
            case .line(let runs, let alignment):
                drawLine(runs, alignment: alignment, on: &bitmap)
            case .feed(let dots):
                bitmap.appendWhiteRows(dots)
            case .barcode(let barcode):
                drawBarcode(barcode, on: &bitmap)
            case .qrCode(let code):
                drawQRCode(code, on: &bitmap)
            case .rasterImage(let image):
                drawRasterImage(image, on: &bitmap)
            case .drawerKick, .error:
                break
            }
        }
        bitmap.appendWhiteRows(Self.marginDots)
        return bitmap
    }

    private func left(for alignment: ESCPOSAlignment, contentWidth: Int) -> Int {
        switch alignment {
        case .left: 0
        case .center: max(0, (paperWidthDots - contentWidth) / 2)
        case .right: max(0, paperWidthDots - contentWidth)
        }
    }

    // MARK: - Text

    private struct PlacedCharacter {
        let scalar: Unicode.Scalar
        let style: ESCPOSTextStyle
        var width: Int { GlyphRenderer.cellWidth(of: scalar) * style.widthMultiplier }
    }

    /// Lays the runs out in rows that fit the paper (wrapping like a printer) and draws each row.
    private func drawLine(_ runs: [ESCPOSTextRun], alignment: ESCPOSAlignment, on bitmap: inout Bitmap) {
        let characters = runs.flatMap { run in
            run.text.unicodeScalars.map { PlacedCharacter(scalar: $0, style: run.style) }
        }
        guard !characters.isEmpty else {
            bitmap.appendWhiteRows(ESCPOSInterpreter.lineSpacingDots)
            return
        }
        var row: [PlacedCharacter] = []
        var rowWidth = 0
        for character in characters {
            if rowWidth + character.width > paperWidthDots && !row.isEmpty {
                drawRow(row, width: rowWidth, alignment: alignment, on: &bitmap)
                row.removeAll()
                rowWidth = 0
            }
            row.append(character)
            rowWidth += character.width
        }
        drawRow(row, width: rowWidth, alignment: alignment, on: &bitmap)
    }

    private func drawRow(_ row: [PlacedCharacter], width: Int, alignment: ESCPOSAlignment, on bitmap: inout Bitmap) {
        let rowHeight = GlyphRenderer.cellHeight * (row.map(\.style.heightMultiplier).max() ?? 1)
        let top = bitmap.appendWhiteRows(rowHeight + Self.lineGapDots)
        var x = left(for: alignment, contentWidth: width)
        for character in row {
            let cellWidth = GlyphRenderer.cellWidth(of: character.scalar)
            let cell = glyphs.cell(for: character.scalar)
            let scaleX = character.style.widthMultiplier
            let scaleY = character.style.heightMultiplier
            let cellTop = top + rowHeight - GlyphRenderer.cellHeight * scaleY
            for cellY in 0..<GlyphRenderer.cellHeight {
                for cellX in 0..<cellWidth where cell[cellY * cellWidth + cellX] {
                    let boldExtra = character.style.bold ? 1 : 0
                    bitmap.fillBlack(
                        x: x + cellX * scaleX, y: cellTop + cellY * scaleY,
                        width: scaleX + boldExtra, height: scaleY
                    )
                }
            }
            if character.style.underline {
                bitmap.fillBlack(x: x, y: top + rowHeight - 1, width: cellWidth * scaleX, height: scaleY)
            }
            x += cellWidth * scaleX
        }
    }

    // MARK: - Symbols

    private func drawBarcode(_ barcode: ESCPOSBarcode, on bitmap: inout Bitmap) {
        let width = barcode.modules.count * barcode.moduleWidthDots
        let x = left(for: barcode.alignment, contentWidth: width)
        let hri = [ESCPOSTextRun(text: barcode.readableText, style: ESCPOSTextStyle())]
        if barcode.hriPosition == .above || barcode.hriPosition == .both {
            drawLine(hri, alignment: barcode.alignment, on: &bitmap)
        }
        let top = bitmap.appendWhiteRows(barcode.heightDots)
        for (index, isBar) in barcode.modules.enumerated() where isBar {
            bitmap.fillBlack(
                x: x + index * barcode.moduleWidthDots, y: top,
                width: barcode.moduleWidthDots, height: barcode.heightDots
            )
        }
        if barcode.hriPosition == .below || barcode.hriPosition == .both {
            bitmap.appendWhiteRows(Self.lineGapDots)
            drawLine(hri, alignment: barcode.alignment, on: &bitmap)
        }
    }

    private func drawQRCode(_ code: ESCPOSQRCode, on bitmap: inout Bitmap) {
        let moduleSize = code.moduleSizeDots
        let symbol = code.symbol
        let x = left(for: code.alignment, contentWidth: symbol.size * moduleSize)
        bitmap.appendWhiteRows(Self.quietZoneModules * moduleSize)
        let top = bitmap.appendWhiteRows(symbol.size * moduleSize)
        for moduleY in 0..<symbol.size {
            for moduleX in 0..<symbol.size where symbol.isDark(x: moduleX, y: moduleY) {
                bitmap.fillBlack(
                    x: x + moduleX * moduleSize, y: top + moduleY * moduleSize,
                    width: moduleSize, height: moduleSize
                )
            }
        }
        bitmap.appendWhiteRows(Self.quietZoneModules * moduleSize)
    }

    private func drawRasterImage(_ image: ESCPOSRasterImage, on bitmap: inout Bitmap) {
        let widthDots = image.widthBytes * 8
        let x = left(for: image.alignment, contentWidth: widthDots * image.horizontalScale)
        let top = bitmap.appendWhiteRows(image.heightDots * image.verticalScale)
        for row in 0..<image.heightDots {
            for column in 0..<widthDots where image.isBlack(x: column, y: row) {
                bitmap.fillBlack(
                    x: x + column * image.horizontalScale, y: top + row * image.verticalScale,
                    width: image.horizontalScale, height: image.verticalScale
                )
            }
        }
    }
}
