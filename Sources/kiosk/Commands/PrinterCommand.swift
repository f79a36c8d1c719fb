import ArgumentParser
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator

/// `kiosk printer …`: check a receipt printer and print its sheets.
struct PrinterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printer",
        abstract: "Receipt printer (小票打印机) status, test page and command sheet.",
        discussion: "Exit codes: 3 printer absent, 4 busy, 5 permission denied, 6 not ready (paper, cover, error).",
        subcommands: [Status.self, Test.self, CommandSheetPrint.self]
    )

    struct PrinterOptions: ParsableArguments {
        @OptionGroup var usb: USBDeviceOptions

        @Option(help: "Paper width in millimetres: 58 (384 dots, 32 columns) or 80 (576 dots, 48 columns).")
        var paper: Int = 58

        @Flag(help: "The printer prints GB18030 without FS & (Chinese mode) being switched on.")
        var noChineseMode = false

        @Flag(help: "Switch on automatic status back (GS a) and show its last message.")
        var automaticStatusBack = false

        func configuration() throws -> PrinterConfiguration {
            if usb.device == nil, let board = try usb.boardOptions.loadBoard() {
                return PrinterConfiguration(board: board)
            }
            guard paper == 58 || paper == 80 else { throw CommandFailure("--paper must be 58 or 80") }
            var configuration: PrinterConfiguration = paper == 80 ? .paper80mm : .paper58mm
            configuration.chineseMode = !noChineseMode
            configuration.hasAutomaticStatusBack = automaticStatusBack
            return configuration
        }

        /// Connects and reads the status; throws when the printer is absent or cannot print.
        func connectedPrinter(context: USBContext) async throws -> (USBPrinter, PrinterStatus) {
            let printer = USBPrinter(context: context, match: try usb.match(role: .printer), configuration: try configuration())
            try await printer.connectAndConfigure()
            return (printer, try await printer.status())
        }

        /// Prints `document` once the printer is ready and waits for its confirmation.
        func printDocument(_ document: (PrinterConfiguration) -> [UInt8], name: String) async throws {
            let context = try USBContext()
            defer { context.shutdown() }
            let printer = USBPrinter(context: context, match: try usb.match(role: .printer), configuration: try configuration())
            try await printer.connectAndConfigure()
            do {
                switch try await printer.print(document(try configuration())) {
                case .printed(let after):
                    await printer.disconnect()
                    print("printed the \(name); the printer confirmed it (\(after))")
                case .held(let status), .status(let status):
                    throw CommandFailure("printer not ready: \(status)", exitCode: 6)
                }
            } catch {
                await printer.disconnect()
                throw error
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the printer's identity and status (DLE EOT 1–4).")

        @OptionGroup var options: PrinterOptions

        func run() async throws {
            try await reportingUSBFailures {
                let context = try USBContext()
                defer { context.shutdown() }
                let (printer, status) = try await options.connectedPrinter(context: context)
                if let device = await printer.device { print("printer \(device)") }
                print("IEEE-1284 \(await printer.ieee1284DeviceID() ?? "-")")
                print("kernel driver detached: \(await printer.detachedKernelDriver ? "yes (usblp)" : "no")")
                print("status \(status)")
                if let automatic = await printer.automaticStatus { print("automatic status back \(automatic)") }
                await printer.disconnect()
                if !status.canPrint { throw CommandFailure("printer not ready: \(status)", exitCode: 6) }
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the test page: station header, Chinese text, a barcode, a QR code, a cut.")

        @OptionGroup var options: PrinterOptions

        @Option(help: "The station name for the header.")
        var station = "村级服务站"

        func run() async throws {
            try await reportingUSBFailures {
                try await options.printDocument({ PrinterTestPage.bytes(stationName: station, configuration: $0) }, name: "test page")
            }
        }
    }

    struct CommandSheetPrint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "command-sheet",
            abstract: "Print a Code 128 barcode per operator action, for stations without a keypad.")

        @OptionGroup var options: PrinterOptions

        @Flag(help: "English captions instead of Chinese.")
        var english = false

        func run() async throws {
            try await reportingUSBFailures {
                try await options.printDocument({ CommandSheet.bytes(configuration: $0, english: english) }, name: "command sheet")
            }
        }
    }
}
