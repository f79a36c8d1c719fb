import ArgumentParser
import Foundation
import KioskDevices

/// `kiosk scale …`: check a weighing scale by weighing with it.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Weighing scale (电子秤) checks.",
        subcommands: [Read.self, Zero.self]
    )

    /// Where the scale is: on USB (HID), or on a serial port with its protocol.
    struct ScaleOptions: ParsableArguments {
        @Option(name: .customLong("device"), help: "A USB HID scale as VID:PID, e.g. 0922:8003.")
        var device: String?

        @Option(help: "A serial scale's port, e.g. /dev/ttyUSB0 (instead of --device); needs --protocol.")
        var tty: String?

        @Option(name: .customLong("protocol"), help: "The serial scale's protocol: mt-sics or toledo-8217.")
        var scaleProtocol: String?

        @Option(help: "The serial line's speed.")
        var baud: Int?

        @Option(help: "Stable readings in a row that must agree before a weight is taken.")
        var agree: Int?

        @OptionGroup var boardOptions: BoardDeviceOptions

        enum Location {
            case usb(USBDeviceMatch)
            case serial(path: String, SerialScaleProtocol, baud: Int)
        }

        func resolve() throws -> (Location, ScaleConfiguration) {
            var configuration = ScaleConfiguration()
            var location: Location?
            if let device {
                guard let match = USBDeviceMatch(argument: device) else {
                    throw CommandFailure("--device must be VID:PID in hexadecimal, e.g. 0922:8003")
                }
                location = .usb(match)
            } else if let tty {
                guard let name = scaleProtocol, let chosen = SerialScaleProtocol(rawValue: name) else {
                    throw CommandFailure("--tty needs --protocol mt-sics or --protocol toledo-8217")
                }
                location = .serial(path: tty, chosen, baud: baud ?? 9600)
            } else if let board = try boardOptions.loadBoard() {
                guard let scale = board.device(.scale) else {
                    throw CommandFailure("board \(board.name) has no scale", exitCode: 2)
                }
                configuration = BoardDevices.scaleConfiguration(board)
                if case .serial(let path) = scale.connection, let chosen = BoardDevices.serialScaleProtocol(board) {
                    location = .serial(path: path, chosen, baud: baud ?? scale.scale?.baud ?? 9600)
                } else {
                    location = .usb(try boardOptions.usbMatch(board, .scale))
                }
            }
            guard let location else {
                throw CommandFailure("give --board NAME, --device VID:PID (USB HID scale) or --tty PATH --protocol P (serial scale)")
            }
            if let agree {
                guard (1...20).contains(agree) else { throw CommandFailure("--agree must be 1 to 20") }
                configuration.readingsToAgree = agree
            }
            if let baud, !SerialScale.supportedBauds.contains(baud) {
                throw CommandFailure("--baud must be one of \(SerialScale.supportedBauds.map(String.init).joined(separator: ", "))")
            }
            return (location, configuration)
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each stable weight taken, one a line as `weight_g N`, until interrupted or --count weights.",
            discussion: """
                A weight is taken when the scale says it is stable and --agree readings in a row give the same grams; \
                it is taken again only after the pan was emptied. Motion, over capacity, below zero and a silent \
                scale are told on standard error, never printed as a weight. \
                Exit codes: 3 scale absent, 4 busy, 5 permission denied.
                """
        )

        @OptionGroup var scale: ScaleOptions

        @Option(help: "Stop after this many weights.")
        var count: Int?

        func run() async throws {
            try await reportingUSBFailures {
                let (location, configuration) = try scale.resolve()
                let (events, continuation) = AsyncStream<ScaleEvent>.makeStream()
                let reading: Task<Void, any Error>
                var context: USBContext?
                switch location {
                case .serial(let path, let chosen, let baud):
                    let device = SerialScale(path: path, scaleProtocol: chosen, baud: baud, configuration: configuration)
                    reading = Task {
                        defer { continuation.finish() }
                        try await device.run { continuation.yield($0) }
                    }
                case .usb(let match):
                    let usb = try USBContext()
                    context = usb
                    let device = USBScale(context: usb, match: match, configuration: configuration)
                    try await device.connect()
                    reading = Task {
                        defer { continuation.finish() }
                        await device.run(onOutput: { continuation.yield($0) })
                    }
                }
                printError("weighing; place goods on the scale (请放上货物)…")
                var weights = 0
                for await event in events {
                    switch event {
                    case .weighed(let grams):
                        weights += 1
                        // Unbuffered, so a pipe sees each weight as it is taken.
                        FileHandle.standardOutput.write(Data("weight_g \(grams)\n".utf8))
                    case .problem(let problem):
                        printError("scale: \(problem)")
                    }
                    if let count, weights >= count { break }
                }
                reading.cancel()
                try await reading.value
                context?.shutdown()
            }
        }
    }

    struct Zero: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zero a USB HID scale through its control feature report (empty the pan first).",
            discussion: "Exit codes: 3 scale absent, 4 busy, 5 permission denied, 1 the scale has no zero command."
        )

        @OptionGroup var scale: ScaleOptions

        func run() async throws {
            try await reportingUSBFailures {
                guard case (.usb(let match), let configuration) = try scale.resolve() else {
                    throw CommandFailure("serial scales are zeroed with their own key")
                }
                let context = try USBContext()
                defer { context.shutdown() }
                let device = USBScale(context: context, match: match, configuration: configuration)
                try await device.connect()
                do {
                    try await device.zero()
                } catch let error as USBError where error == .stall {
                    throw CommandFailure("this scale has no zero command: press its zero key (置零)")
                }
                await device.disconnect()
                print("zeroed")
            }
        }
    }
}
