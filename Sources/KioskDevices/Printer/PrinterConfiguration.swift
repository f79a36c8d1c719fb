/// What a receipt printer model can do, as the board file describes it.
public struct PrinterConfiguration: Sendable, Equatable {
    /// Printable width in dots: 384 on 58 mm paper, 576 on 80 mm.
    public var paperWidthDots: Int
    /// Characters of the normal 12×24 font per line: 32 on 58 mm paper, 48 on 80 mm.
    public var columns: Int
    /// Whether the printer must be switched into Chinese mode (`FS &`) before GB18030 text.
    public var chineseMode: Bool
    /// The single-byte code page to select (`ESC t n`), if any.
    public var codePage: UInt8?
    /// Whether the printer has an automatic cutter.
    public var hasCutter: Bool
    /// The drawer solenoid pin (2 or 5), or `nil` when no drawer is connected.
    public var drawerPin: Int?
    /// How long the drawer pulse lasts, in milliseconds.
    public var drawerPulseMs: Int
    /// Whether the printer supports automatic status back (`GS a`).
    public var hasAutomaticStatusBack: Bool
    /// How many jobs may wait in the print queue.
    public var queueLimit: Int
    /// Largest bulk write, in bytes.
    public var chunkBytes: Int
    /// Timeout of every transfer, in milliseconds.
    public var transferTimeoutMs: Int

    /// A 58 mm printer: 384 dots, 32 columns.
    public static let paper58mm = PrinterConfiguration(paperWidthDots: 384, columns: 32)
    /// An 80 mm printer: 576 dots, 48 columns.
    public static let paper80mm = PrinterConfiguration(paperWidthDots: 576, columns: 48)

    /// A configuration; defaults fit the common Chinese 58 mm "POS58" printers.
    public init(
        paperWidthDots: Int, columns: Int, chineseMode: Bool = true, codePage: UInt8? = nil,
        hasCutter: Bool = true, drawerPin: Int? = nil, drawerPulseMs: Int = 100,
        hasAutomaticStatusBack: Bool = false, queueLimit: Int = 16, chunkBytes: Int = 4096,
        transferTimeoutMs: Int = 2000
    ) {
        self.paperWidthDots = paperWidthDots
        self.columns = columns
        self.chineseMode = chineseMode
        self.codePage = codePage
        self.hasCutter = hasCutter
        self.drawerPin = drawerPin
        self.drawerPulseMs = drawerPulseMs
        self.hasAutomaticStatusBack = hasAutomaticStatusBack
        self.queueLimit = queueLimit
        self.chunkBytes = chunkBytes
        self.transferTimeoutMs = transferTimeoutMs
    }
}
