/// A plain-text account of a receipt: what was printed, in order, with styles, symbols,
/// drawer kicks and errors spelled out — for diffs, logs and scenario checks.
public enum ReceiptTranscript {
    /// One line per element; text lines carry a `[center bold 2x2]`-style tag when not plain left.
    public static func text(of receipt: ESCPOSReceipt) -> String {
        var lines: [String] = []
        for element in receipt.elements {
            switch element {
            case .line(let runs, let alignment):
                lines.append(tag(alignment: alignment, runs: runs) + runs.map(\.text).joined())
            case .feed(let dots):
                lines.append("[feed \(dots) dots]")
            case .barcode(let barcode):
                let name = barcode.symbology == .ean13 ? "EAN-13" : "CODE128"
                lines.append("[\(name) \(barcode.readableText)]")
            case .qrCode(let code):
                let payload = String(decoding: code.payload, as: UTF8.self)
                lines.append("[QR \(code.symbol.errorCorrection.letter) v\(code.symbol.version) \(payload)]")
            case .rasterImage(let image):
                lines.append("[image \(image.widthBytes * 8)x\(image.heightDots) dots]")
            case .drawerKick(let pin, let onMs, let offMs):
                lines.append("[drawer kick pin \(pin) on \(onMs) ms off \(offMs) ms]")
            case .error(let offset, let message):
                lines.append("[error at byte \(offset): \(message)]")
            }
        }
        switch receipt.cut {
        case .full: lines.append("[cut]")
        case .partial: lines.append("[partial cut]")
        case nil: lines.append("[not cut]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func tag(alignment: ESCPOSAlignment, runs: [ESCPOSTextRun]) -> String {
        var words: [String] = []
        switch alignment {
        case .left: break
        case .center: words.append("center")
        case .right: words.append("right")
        }
        if runs.contains(where: \.style.bold) {
            words.append("bold")
        }
        let widest = runs.map(\.style.widthMultiplier).max() ?? 1
        let tallest = runs.map(\.style.heightMultiplier).max() ?? 1
        if widest > 1 || tallest > 1 {
            words.append("\(widest)x\(tallest)")
        }
        return words.isEmpty ? "" : "[" + words.joined(separator: " ") + "] "
    }
}
