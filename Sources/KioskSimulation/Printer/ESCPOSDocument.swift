/// Horizontal placement of a line, barcode, QR code or image (`ESC a`).
public enum ESCPOSAlignment: Sendable, Equatable {
    /// `ESC a 0`, the power-on default.
    case left
    /// `ESC a 1`.
    case center
    /// `ESC a 2`.
    case right
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
    /// The text, decoded from GB18030 in Chinese mode, ASCII otherwise.
    public var text: String
    /// The style in force while it was received.
    public var style: ESCPOSTextStyle
}

/// The barcode symbologies the simulated printer renders.
public enum ESCPOSBarcodeSymbology: Sendable, Equatable {
    /// `GS k 2` (NUL-terminated) or `GS k 67` (counted): 12 digits, or 13 with a correct check digit.
    case ean13
    /// `GS k 73`: data starting with `{A`, `{B` or `{C`.
    case code128
}

/// Where human-readable digits go around a barcode (`GS H`).
public enum ESCPOSHRIPosition: Sendable, Equatable {
    /// `GS H 0`, the default.
    case hidden
    /// `GS H 1`.
    case above
    /// `GS H 2`.
    case below
    /// `GS H 3`.
    case both
}

/// A barcode from `GS k`, with the settings in force (`GS h`, `GS w`, `GS H`).
public struct ESCPOSBarcode: Sendable, Equatable {
    /// Which barcode.
    public var symbology: ESCPOSBarcodeSymbology
    /// The data bytes as sent (for CODE128, including the `{A`/`{B`/`{C` selectors).
    public var data: [UInt8]
    /// What a scanner reads back: 13 digits for EAN-13, the decoded text for CODE128.
    public var readableText: String
    /// Symbol modules, true = bar, without quiet zones.
    public var modules: [Bool]
    /// Bar height (`GS h`, default 162).
    public var heightDots: Int
    /// Dots per narrow module (`GS w`, 1–6, default 3).
    public var moduleWidthDots: Int
    /// Where the readable digits go (`GS H`).
    public var hriPosition: ESCPOSHRIPosition
    /// Placement across the paper (`ESC a`).
    public var alignment: ESCPOSAlignment
}

/// A QR code printed by `GS ( k` function 81 from the data stored by function 80.
public struct ESCPOSQRCode: Sendable, Equatable {
    /// The stored data, byte for byte.
    public var payload: [UInt8]
    /// The symbol built from it at the level set by `GS ( k` function 69.
    public var symbol: QRCode
    /// Dots per module (`GS ( k` function 67).
    public var moduleSizeDots: Int
    /// Placement across the paper (`ESC a`).
    public var alignment: ESCPOSAlignment
}

/// A `GS v 0` raster bit image: rows of bytes, most significant bit leftmost, 1 = black.
public struct ESCPOSRasterImage: Sendable, Equatable {
    /// Bytes per row (8 dots each).
    public var widthBytes: Int
    /// Rows.
    public var heightDots: Int
    /// `widthBytes × heightDots` bytes, row-major.
    public var bits: [UInt8]
    /// 2 for double width (mode bit 0), else 1.
    public var horizontalScale: Int
    /// 2 for double height (mode bit 1), else 1.
    public var verticalScale: Int
    /// Placement across the paper (`ESC a`).
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
    /// `GS k`.
    case barcode(ESCPOSBarcode)
    /// `GS ( k` function 81.
    case qrCode(ESCPOSQRCode)
    /// `GS v 0`.
    case rasterImage(ESCPOSRasterImage)
    /// `ESC p`: a pulse on drawer connector pin 2 or 5, times in milliseconds.
    case drawerKick(pin: Int, onMs: Int, offMs: Int)
    /// Bytes the printer could not make sense of; `offset` counts from the first byte received.
    case error(offset: Int, message: String)
}

/// How a receipt was cut off (`GS V`).
public enum ESCPOSCut: Sendable, Equatable {
    /// `GS V 0`/`48`, or `65`/`97`/`103` with a feed.
    case full
    /// `GS V 1`/`49`, or `66`/`98`/`104` with a feed.
    case partial
}

/// Everything printed between two cuts.
public struct ESCPOSReceipt: Sendable, Equatable {
    /// What was printed, top to bottom.
    public var elements: [ESCPOSElement] = []
    /// Nil when the stream ended without a cut.
    public var cut: ESCPOSCut?

    /// A receipt of these elements (tests and tools build them directly).
    public init(elements: [ESCPOSElement] = [], cut: ESCPOSCut? = nil) {
        self.elements = elements
        self.cut = cut
    }

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
    /// `GS a n`: automatic status back switched on for the changes in mask `n` (0 switches it off).
    case automaticStatusBack(mask: UInt8)
}
