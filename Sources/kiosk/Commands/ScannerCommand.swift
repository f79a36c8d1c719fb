import ArgumentParser
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator

/// `kiosk scanner …`: check a barcode scanner by scanning with it.
struct ScannerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanner",
        abstract: "Barcode scanner (扫码枪) checks.",
        subcommands: [Listen.self]
    )

    struct Listen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each decoded read with its symbology until interrupted or --count reads.",
            discussion: "Exit codes: 3 scanner absent, 4 busy, 5 permission denied (install the udev rule)."
        )

        @Option(name: .customLong("device"), help: "A USB HID scanner as VID:PID, e.g. 0c2e:0901.")
        var device: String?

        @Option(help: "A CDC-ACM scanner's serial port, e.g. /dev/ttyACM0 (instead of --device).")
        var tty: String?

        @Option(name: .customLong("protocol"), help: "hidKeyboard (wedge), hidPOS or cdcACM.")
        var scannerProtocol: String = ScannerConfiguration.ScannerProtocol.hidKeyboard.rawValue

        @Option(help: "Stop after this many reads.")
        var count: Int?

        @Option(help: "An unterminated read ends after this many milliseconds without input.")
        var gapMs: Int = 100

        @OptionGroup var boardOptions: BoardDeviceOptions

        func run() async throws {
            try await reportingUSBFailures {
                guard var chosenProtocol = ScannerConfiguration.ScannerProtocol(rawValue: scannerProtocol) else {
                    throw CommandFailure("--protocol must be hidKeyboard, hidPOS or cdcACM")
                }
                if tty != nil { chosenProtocol = .cdcACM }
                var configuration = ScannerConfiguration(scannerProtocol: chosenProtocol, interReadGapMs: gapMs)
                var tty = self.tty
                var match = try device.map { text in
                    guard let parsed = USBDeviceMatch(argument: text) else {
                        throw CommandFailure("--device must be VID:PID in hexadecimal, e.g. 0c2e:0901")
                    }
                    return parsed
                }
                if tty == nil, match == nil, let board = try boardOptions.loadBoard() {
                    configuration = BoardDevices.scannerConfiguration(board)
                    if case .serial(let path) = board.device(.scanner)?.connection {
                        tty = path
                    } else {
                        match = try boardOptions.usbMatch(board, .scanner)
                    }
                }
                let (outcomes, continuation) = AsyncStream<ScanOutcome>.makeStream()
                let reading: Task<Void, any Error>
                let context: USBContext?
                if let tty {
                    context = nil
                    let scanner = SerialScanner(path: tty, configuration: configuration)
                    reading = Task {
                        defer { continuation.finish() }
                        try await scanner.run { continuation.yield($0) }
                    }
                } else {
                    guard let match else {
                        throw CommandFailure("give --board NAME, --device VID:PID (USB HID scanner) or --tty PATH (serial scanner)")
                    }
                    let usb = try USBContext()
                    context = usb
                    let scanner = USBScanner(context: usb, match: match, configuration: configuration)
                    try await scanner.connect()
                    reading = Task {
                        defer { continuation.finish() }
                        await scanner.run(onOutput: { continuation.yield($0) })
                    }
                }
                print("listening; scan a code (请扫码)…")
                var reads = 0
                for await outcome in outcomes {
                    switch outcome {
                    case .scan(let event):
                        reads += 1
                        print("\(event.text)\t\(event.symbology?.description ?? "no symbology identifier")")
                    case .repeated(let event):
                        printError("read again within the debounce window, counted once: \(event.text)")
                    case .dropped(let reason):
                        printError("dropped: \(reason)")
                    }
                    if let count, reads >= count { break }
                }
                reading.cancel()
                try await reading.value
                context?.shutdown()
            }
        }
    }
}
