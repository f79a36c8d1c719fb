/// How a barcode scanner is attached and how its reads are cut and filtered.
public struct ScannerConfiguration: Sendable, Equatable {
    /// The protocol the scanner speaks.
    public enum ScannerProtocol: String, Sendable, CaseIterable {
        /// A USB HID boot keyboard typing the code ("keyboard wedge").
        case hidKeyboard
        /// A USB HID point-of-sale scanner (usage page 0x8C): raw bytes with a length.
        case hidPOS
        /// A USB CDC-ACM serial port (`/dev/ttyACM0`) ending reads with CR.
        case cdcACM
    }

    /// The protocol the scanner speaks.
    public var scannerProtocol: ScannerProtocol
    /// A read with no terminator ends after this long without input, in milliseconds.
    public var interReadGapMs: Int
    /// Longer reads are garbage (a stuck key, two codes run together) and are dropped.
    public var maxScanLength: Int
    /// The same code read again within this window is one read, in milliseconds.
    public var debounceWindowMs: Int

    /// A configuration; the defaults suit a keyboard-wedge scanner.
    public init(
        scannerProtocol: ScannerProtocol = .hidKeyboard, interReadGapMs: Int = 100,
        maxScanLength: Int = 128, debounceWindowMs: Int = 1000
    ) {
        self.scannerProtocol = scannerProtocol
        self.interReadGapMs = interReadGapMs
        self.maxScanLength = maxScanLength
        self.debounceWindowMs = debounceWindowMs
    }
}

/// One barcode read.
public struct ScanEvent: Sendable, Equatable {
    /// The code's content, without symbology identifier or terminator.
    public var text: String
    /// The symbology, when the scanner sent an AIM identifier.
    public var symbology: Symbology?

    /// A read of `text`.
    public init(text: String, symbology: Symbology? = nil) {
        self.text = text
        self.symbology = symbology
    }
}

/// What became of a scanner read: a scan, or garbage dropped for a reason worth logging.
public enum ScanOutcome: Sendable, Equatable {
    /// A good read.
    case scan(ScanEvent)
    /// The same code read again within the debounce window: one label read twice, counted once.
    case repeated(ScanEvent)
    /// A read or report thrown away, and why.
    case dropped(reason: String)
}
