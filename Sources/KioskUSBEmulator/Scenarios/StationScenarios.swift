import Foundation
import KioskBoard
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskStore
import Logging

/// The whole station on emulated hardware: `kiosk run`'s ``Station`` on a board whose wedge scanner
/// and printer are emulated, a customer's goods and payment code scanned, the receipt printed.
enum StationScenarios {
    /// A board with the emulated scanner (0c2e:0901) and printer (0416:5011) and no shell port.
    static let board = """
        board:
          name: emulated-58mm
          vendor: test
          description: the emulated wedge scanner and POS-58 printer
        devices:
          - role: printer
            protocol: printer-class
            usb: "0416:5011"
            paper:
              width_dots: 384
              columns: 32
            cutter: false
          - role: scanner
            protocol: hid-keyboard
            usb: "0c2e:0901"
            read_gap_ms: 80
            debounce_ms: 0
        limits:
          max_open_orders: 4
          max_lines_per_order: 8
          max_pending_payments: 2
          max_credit_accounts: 0
          print_queue_depth: 4
          shell_history: 4
          max_scan_length: 64
          backups_kept: 1
          shell_idle_timeout_s: 60
        station:
          id: EMU-1
          receipt_header: 测试服务站
        shell:
          transport: none
        """

    /// Scans `codes` (products, then a payment code) and reports what the printer received and what
    /// the store holds.
    static func sale(codes: [String], catalogCSV: String) async throws {
        let emulator = Emulator()
        emulator.plug(port: 1, devnum: 2, descriptors: Descriptors.wedgeScanner, kernelDriver: "usbhid")
        emulator.plug(port: 2, devnum: 4, descriptors: Descriptors.printer, kernelDriver: "usblp",
                      serial: "A1B2C3", ieee1284ID: "MFG:Xprinter;CLS:PRINTER;", printer: PrinterReplies.ready)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-station-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/boards/emulated-58mm", withIntermediateDirectories: true)
        try board.write(toFile: root + "/boards/emulated-58mm/board.yaml", atomically: true, encoding: .utf8)
        try catalogCSV.write(toFile: root + "/catalog.csv", atomically: true, encoding: .utf8)
        let loaded = try BoardLoader(boardsDirectory: URL(fileURLWithPath: root + "/boards")).load("emulated-58mm")
        var logger = Logger(label: "station")
        logger.logLevel = .error
        let dataDirectory = root + "/data"
        let seeding = try KioskDatabase.open(dataDirectory: dataDirectory)
        _ = try CatalogImporter(database: seeding).importCSV(atPath: root + "/catalog.csv")
        try seeding.close()
        let shutdown = ShutdownSignal()
        let station = try Station(board: loaded, dataDirectory: dataDirectory, logger: logger,
                                  recentLog: RecentLogLines(), shutdown: shutdown)
        _ = try station.start(seedCatalogFrom: nil)
        let running = Task.detached { try station.runUntilShutdown() }
        // Type only once the station has the scanner (it detaches usbhid when it opens it): a busy
        // machine may take seconds to get there.
        let scannerOpen = await waitUntil(timeoutMs: 60_000) { emulator.kernelDriverDetaches(devnum: 2) > 0 }
        report("scanner-open", scannerOpen ? "yes" : "no")
        for code in codes {
            for packet in HIDKeyboardEncoder.reports(typing: Array(code.utf8)) {
                emulator.queueIn(devnum: 2, endpoint: Descriptors.scannerInEndpoint, packet)
            }
        }
        let receiptEnd = GB18030.encode("谢谢惠顾")!
        let printed = await waitUntil(timeoutMs: 60_000) { contains(emulator.outBytes(devnum: 4), receiptEnd) }
        try await Task.sleep(for: .milliseconds(500))
        shutdown.requestShutdown()
        try await running.value
        let out = emulator.outBytes(devnum: 4)
        report("printed", printed ? "yes" : "no")
        report("usblp-detached", "\(emulator.kernelDriverDetaches(devnum: 4))")
        report("receipt-has-total", contains(out, GB18030.encode("合计")!) ? "yes" : "no")
        report("receipt-has-header", contains(out, GB18030.encode("测试服务站")!) ? "yes" : "no")
        let database = try KioskDatabase.open(dataDirectory: dataDirectory)
        for order in try EventJournal(database: database).orders() {
            report("order", "\(order.id) \(order.state) \(order.totalFen) printed=\(order.receiptPrinted)")
        }
        for tally in try StationBooks(database: database).payments() {
            report("payment", "\(tally.method) \(tally.state) \(tally.fen)")
        }
        try database.close()
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
