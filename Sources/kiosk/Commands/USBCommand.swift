import ArgumentParser
import KioskBoard
import KioskDevices
import KioskRuntime
import KioskEngine
import KioskSimulator

/// `kiosk usb …`: what is plugged in, for the field technician.
struct USBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb",
        abstract: "USB devices (USB 设备): list what is connected and which role each fills.",
        discussion: "Permissions: install the udev rule with scripts/install-udev-rules so the kiosk runs without root.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every USB device: bus/port, VID:PID, interface classes, serial, IEEE-1284 ID, role."
        )

        @Option(name: .customLong("role"), help: "A role to match, name=VID:PID[:class] (e.g. printer=0416:5011:7); repeatable.")
        var roles: [String] = []

        @OptionGroup var boardOptions: BoardDeviceOptions

        func run() async throws {
            try await reportingUSBFailures {
                var matches = try roles.map(Self.parseRole)
                if let board = try boardOptions.loadBoard() {
                    for role in DeviceRole.allCases {
                        if let match = role == .printer ? BoardDevices.printerMatch(board) : BoardDevices.hidMatch(board, role) {
                            matches.append((role.rawValue, match))
                        }
                    }
                }
                let context = try USBContext()
                defer { context.shutdown() }
                let entries = context.inventory()
                if entries.isEmpty { print("no USB devices (没有 USB 设备)") }
                for entry in entries {
                    let device = entry.device
                    let classes = device.interfaces.map { String($0.interfaceClass) }.joined(separator: ",")
                    let role = matches.first { $0.match.matchesDescriptors(device) }?.name ?? "-"
                    var line = "\(device.location)\t\(device.vendorProduct)\tclass \(classes.isEmpty ? "-" : classes)\trole \(role)"
                    if let serial = entry.serialNumber { line += "\tserial \(serial)" }
                    if let identity = entry.ieee1284DeviceID { line += "\t1284 \(identity)" }
                    if let error = entry.openError { line += "\t(\(error))" }
                    print(line)
                }
            }
        }

        private static func parseRole(_ text: String) throws -> (name: String, match: USBDeviceMatch) {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let match = USBDeviceMatch(argument: String(parts[1])) else {
                throw CommandFailure("--role must look like printer=0416:5011 or scanner=0c2e:0901:3")
            }
            return (String(parts[0]), match)
        }
    }
}

/// Which USB device a command talks to, until boards name them.
struct USBDeviceOptions: ParsableArguments {
    @Option(name: .customLong("device"), help: "The device as VID:PID[:class] in hexadecimal, e.g. 0416:5011.")
    var device: String?

    @OptionGroup var boardOptions: BoardDeviceOptions

    @Option(help: "Only the device plugged into this port, e.g. 1-1.4 (tells identical devices apart).")
    var location: String?

    @Option(help: "Only the device with this USB serial number.")
    var serial: String?

    /// The match the options describe: `--device`, else the board's device for `role`.
    func match(role: DeviceRole) throws -> USBDeviceMatch {
        var match: USBDeviceMatch
        if let device {
            guard let parsed = USBDeviceMatch(argument: device) else {
                throw CommandFailure("--device must be VID:PID in hexadecimal, e.g. 0416:5011")
            }
            match = parsed
        } else if let board = try boardOptions.loadBoard() {
            match = try boardOptions.usbMatch(board, role)
        } else {
            throw CommandFailure("give --board NAME (e.g. generic-58mm) or --device VID:PID")
        }
        match.location = location
        match.serialNumber = serial
        return match
    }
}

extension USBDeviceMatch {
    /// Parses `VID:PID[:class]` (hexadecimal IDs, decimal class).
    init?(argument: String) {
        let parts = argument.split(separator: ":")
        guard parts.count == 2 || parts.count == 3,
              let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { return nil }
        var interfaceClass: UInt8?
        if parts.count == 3 {
            guard let value = UInt8(parts[2]) else { return nil }
            interfaceClass = value
        }
        self.init(vendorID: vendor, productID: product, interfaceClass: interfaceClass)
    }
}

extension USBError {
    /// The exit code for this failure: 3 absent or unplugged, 4 busy, 5 not permitted, 1 otherwise.
    var exitCode: Int32 {
        switch self {
        case .notFound, .noDevice: 3
        case .busy: 4
        case .accessDenied: 5
        default: 1
        }
    }
}

extension SerialScanner.PortError {
    /// The exit code for this failure, as for USB devices: 3 absent, 5 not permitted, 1 otherwise.
    var exitCode: Int32 {
        switch self {
        case .notFound: 3
        case .accessDenied: 5
        case .failed: 1
        }
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning USB and command failures into one line on standard error and an exit code.
    func reportingUSBFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as USBError {
            printError("kiosk: \(error)")
            throw ExitCode(error.exitCode)
        } catch let error as SerialScanner.PortError {
            printError("kiosk: \(error)")
            throw ExitCode(error.exitCode)
        } catch let failure as CommandFailure {
            printError("kiosk: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }
}
