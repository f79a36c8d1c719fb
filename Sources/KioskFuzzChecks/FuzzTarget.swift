/// The parsers of outside bytes that are fuzzed, each with the properties its check asserts.
///
/// A check takes any bytes and returns normally, or traps (``require(_:_:)``) naming the property
/// that broke. The libFuzzer package in `Fuzz/` calls ``check(_:)`` with every generated input, and
/// the normal test suite replays the committed corpora (`Fuzz/Corpus/<target>/`) through it.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Keyboard-wedge scanner reports.
    case hidKeyboard = "hid-keyboard"
    /// HID point-of-sale scanner reports.
    case hidPOS = "hid-pos"
    /// A CDC-ACM scanner's byte stream.
    case serialScanner = "serial-scanner"
    /// Any scanned bytes through the scan classifier.
    case scanClassifier = "scan-classifier"
    /// GS1-128 element strings through the classifier's GS1 parser.
    case gs1 = "gs1"
    /// What a printer sends back: real-time status, automatic status back, paper sensor.
    case printerReply = "printer-reply"
    /// The simulated printer's ESC/POS interpreter.
    case escpos = "escpos"
    /// Scenario files.
    case scenario = "scenario"
    /// Board files (YAML).
    case board = "board"
    /// Catalog CSV files.
    case catalogCSV = "catalog-csv"
    /// The maintenance shell's terminal key decoder.
    case keyDecoder = "key-decoder"
    /// The maintenance shell's line editor, with the terminal it echoes to.
    case lineEditor = "line-editor"
    /// Journal entries (the binary event format).
    case journalEvent = "journal-event"
    /// Machine snapshots, raw and taken after decoded journal events.
    case snapshot = "snapshot"
    /// WeChat Pay v2 answers (XML, HMAC-SHA256), through the adapter and read back after signing.
    case wechatReply = "wechat-reply"
    /// Alipay open API answers (JSON, RSA2), through the adapter and read back after signing.
    case alipayReply = "alipay-reply"
    /// The day's close entries (domain `day`).
    case dayEntry = "day-entry"
    /// WeChat Pay's and Alipay's statement files.
    case providerStatement = "provider-statement"
    /// USB HID point-of-sale scale reports, through the stable-weight filter.
    case scaleHID = "scale-hid"
    /// Serial scale replies (MT-SICS, Toledo 8217), through the stable-weight filter.
    case scaleSerial = "scale-serial"
    /// Produce purchase journal entries (domain `produce`).
    case produceEntry = "produce-entry"
    /// Uplink batches as the hub receives them, and the hub's answers as the station receives them.
    case uplinkBatch = "uplink-batch"
    /// Bills journal entries (domain `bills`), through the bills' rules.
    case billEntry = "bill-entry"
    /// The billers' agent service's signed JSON answers.
    case billerReply = "biller-reply"
    /// Billers' barcodes against the board's formats.
    case billBarcode = "bill-barcode"
    /// Billers' daily files (CSV).
    case billerStatement = "biller-statement"
    /// The hub's listing of county documents, and a document's bytes through each kind's check.
    case downlinkListing = "downlink-listing"

    /// Runs this target's check over `bytes`; traps when a property breaks.
    public func check(_ bytes: [UInt8]) {
        switch self {
        case .hidKeyboard: ScannerChecks.hidKeyboard(bytes)
        case .hidPOS: ScannerChecks.hidPOS(bytes)
        case .serialScanner: ScannerChecks.serial(bytes)
        case .scanClassifier: BarcodeChecks.classifier(bytes)
        case .gs1: BarcodeChecks.gs1(bytes)
        case .printerReply: PrinterChecks.replies(bytes)
        case .escpos: PrinterChecks.escpos(bytes)
        case .scenario: FileChecks.scenario(bytes)
        case .board: FileChecks.board(bytes)
        case .catalogCSV: FileChecks.catalog(bytes)
        case .keyDecoder: ShellChecks.keyDecoder(bytes)
        case .lineEditor: ShellChecks.lineEditor(bytes)
        case .journalEvent: JournalChecks.event(bytes)
        case .snapshot: JournalChecks.snapshot(bytes)
        case .wechatReply: AcquirerChecks.wechat(bytes)
        case .alipayReply: AcquirerChecks.alipay(bytes)
        case .dayEntry: DayCloseChecks.entry(bytes)
        case .providerStatement: DayCloseChecks.statement(bytes)
        case .scaleHID: ScaleChecks.hid(bytes)
        case .scaleSerial: ScaleChecks.serial(bytes)
        case .produceEntry: ProduceChecks.entry(bytes)
        case .uplinkBatch: UplinkChecks.batch(bytes)
        case .billEntry: BillChecks.entry(bytes)
        case .billerReply: BillChecks.agentReply(bytes)
        case .billBarcode: BillChecks.barcode(bytes)
        case .billerStatement: BillChecks.statement(bytes)
        case .downlinkListing: DownlinkChecks.listing(bytes)
        }
    }
}

/// Traps with `message` when `condition` is false: a broken property is a crash the fuzzer keeps.
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    guard !condition else { return }
    fatalError("fuzz property broken: \(message())", file: file, line: line)
}

/// Reads an input from the front: the fuzz targets turn bytes into structured steps with it.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 past the end.
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Up to `count` next bytes (fewer at the end).
    mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, offset + count)
        defer { offset = end }
        return Array(bytes[offset ..< end])
    }

    /// Everything not yet read.
    mutating func rest() -> [UInt8] {
        take(bytes.count)
    }
}
