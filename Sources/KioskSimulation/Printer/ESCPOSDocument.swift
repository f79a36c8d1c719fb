/// Horizontal placement of a line, barcode, QR code or image (`ESC a`).
public enum ESCPOSAlignment: Sendable, Equatable {
    case left, center, right
}

/// Character style in force when text was received.
public struct ESCPOSTextStyle: Sendable, Equatable {
    /// Emphasized (`ESC E`, `ESC !` bit 3).
    public var bold = false
    /// Underlined (`ESC -`, `ESC !` bit 7).
    public var underline = false
    /// Horizontal magnification, 1–8 (`GS !`, `ESC !` bit 5).
    public var widthMultiplier = 1
    /// Vertical magnification, 1–8 (`GS !`, `ESC !` bit 4).
    public var heightMultiplier = 1

    /// The style after `ESC @`.
    public init() {}
}

/// Text printed in one style, decoded to Unicode.
public struct ESCPOSTextRun: Sendable, Equatable {
    public var text: String
    public var style: ESCPOSTextStyle
}

/// The barcode symbologies the simulated printer renders.
public enum ESCPOSBarcodeSymbology: Sendable, Equatable {
    case ean13, code128
}

/// Where human-readable digits go around a barcode (`GS H`).
public enum ESCPOSHRIPosition: Sendable, Equatable {
    case hidden, above, below, both
}

/// A barcode from `GS k`, with the settings in force (`GS h`, `GS w`, `GS H`).
public struct ESCPOSBarcode: Sendable, Equatable {
    public var symbology: ESCPOSBarcodeSymbology
    /// The data bytes as sent (for CODE128, including the `{A`/`{B`/`{C` selectors).
    public var data: [UInt8]
    /// What a scanner reads back: 13 digits for EAN-13, the decoded text for CODE128.
    public var readableText: String
    /// Symbol modules, true = bar, without quiet zones.
    public var modules: [Bool]
    public var heightDots: Int
    public var moduleWidthDots: Int
    public var hriPosition: ESCPOSHRIPosition
    public var alignment: ESCPOSAlignment
}

/// A QR code printed by `GS ( k` function 81 from the data stored by function 80.
public struct ESCPOSQRCode: Sendable, Equatable {
    public var payload: [UInt8]
    public var symbol: QRCode
    /// Dots per module (`GS ( k` function 67).
    public var moduleSizeDots: Int
    public var alignment: ESCPOSAlignment
}

/// A `GS v 0` raster bit image: rows of bytes, most significant bit leftmost, 1 = black.
public struct ESCPOSRasterImage: Sendable, Equatable {
    public var widthBytes: Int
    public var heightDots: Int
    public var bits: [UInt8]
    public var horizontalScale: Int
    public var verticalScale: Int
    public var alignment: ESCPOSAlignment

    /// Whether the dot at column `x`, row `y` (before scaling) is black.
    public func isBlack(x: Int, y: Int) -> Bool {
        (bits[y * widthBytes + x / 8] >> UInt8(7 - x % 8)) & 1 == 1
    }
}

/// One thing on a receipt, in paper order.
public enum ESCPOSElement: Sendable, Equatable {
    /// A printed line (ended by LF, `ESC d`, `ESC J`, or a cut); empty runs = blank line.
    case line([ESCPOSTextRun], alignment: ESCPOSAlignment)
    /// Paper fed without printing (`ESC d`, `ESC J`, `GS V` 65/66).
    case feed(dots: Int)
    case barcode(ESCPOSBarcode)
    case qrCode(ESCPOSQRCode)
    case rasterImage(ESCPOSRasterImage)
    /// `ESC p`: a pulse on drawer connector pin 2 or 5, times in milliseconds.
    case drawerKick(pin: Int, onMs: Int, offMs: Int)
    /// Bytes the printer could not make sense of; `offset` counts from the first byte received.
    case error(offset: Int, message: String)
}

/// How a receipt was cut off (`GS V`).
public enum ESCPOSCut: Sendable, Equatable {
    case full, partial
}

/// Everything printed between two cuts.
public struct ESCPOSReceipt: Sendable, Equatable {
    public var elements: [ESCPOSElement] = []
    /// Nil when the stream ended without a cut.
    public var cut: ESCPOSCut?

    /// Every error recorded on this receipt.
    public var errors: [String] {
        elements.compactMap { element in
            if case .error(let offset, let message) = element {
                return "byte \(offset): \(message)"
            }
            return nil
        }
    }

    /// The printed text, one string per line.
    public var textLines: [String] {
        elements.compactMap { element in
            if case .line(let runs, _) = element {
                return runs.map(\.text).joined()
            }
            return nil
        }
    }
}

/// A status question the host asked; the printer answers it at once with one byte.
public enum ESCPOSStatusRequest: Sendable, Equatable {
    /// `DLE EOT n`, n = 1 printer, 2 offline cause, 3 error cause, 4 paper roll sensor.
    case transmitStatus(Int)
    /// `GS r 1`: paper sensor.
    case paperSensor
    /// `GS r 2`: drawer kick connector.
    case drawerSensor
}

/// What the interpreter reports as bytes arrive.
public enum ESCPOSEvent: Sendable, Equatable {
    /// A cut ended a receipt.
    case receiptCompleted(ESCPOSReceipt)
    /// The host asked for status and waits for one byte.
    case statusRequested(ESCPOSStatusRequest)
}
