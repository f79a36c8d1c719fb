import KioskBoard
import KioskCore

/// The device drivers' configurations, read from a board.
public enum BoardDevices {
    /// How the printer of `board` is found on the bus (printer class 7).
    public static func printerMatch(_ board: Board) -> USBDeviceMatch? {
        usbMatch(board.device(.printer), interfaceClass: 7)
    }

    /// How a HID device (scanner or keypad) of `board` is found (HID class 3).
    public static func hidMatch(_ board: Board, _ role: DeviceRole) -> USBDeviceMatch? {
        usbMatch(board.device(role), interfaceClass: 3)
    }

    private static func usbMatch(_ device: DeviceDeclaration?, interfaceClass: UInt8) -> USBDeviceMatch? {
        guard case .usb(let id, _) = device?.connection else { return nil }
        return USBDeviceMatch(vendorID: id.vendorID, productID: id.productID, interfaceClass: interfaceClass)
    }

    /// The scanner's framing as the board sets it.
    public static func scannerConfiguration(_ board: Board) -> ScannerConfiguration {
        let device = board.device(.scanner)
        let scannerProtocol: ScannerConfiguration.ScannerProtocol
        switch device?.deviceProtocol {
        case .hidPOS: scannerProtocol = .hidPOS
        case .cdcACM: scannerProtocol = .cdcACM
        default: scannerProtocol = .hidKeyboard
        }
        return ScannerConfiguration(
            scannerProtocol: scannerProtocol, interReadGapMs: device?.scanner?.readGapMs ?? 50,
            maxScanLength: board.limits.maxScanLength, debounceWindowMs: device?.scanner?.debounceWindowMs ?? 800)
    }

    /// When the board's scale takes a weight and how often it is asked.
    public static func scaleConfiguration(_ board: Board) -> ScaleConfiguration {
        let settings = board.device(.scale)?.scale
        return ScaleConfiguration(
            readingsToAgree: settings?.readingsToAgree ?? 3, silenceMs: settings?.silenceMs ?? 2000,
            pollIntervalMs: settings?.pollIntervalMs ?? 200)
    }

    /// The serial protocol of the board's scale, when it is a serial one.
    public static func serialScaleProtocol(_ board: Board) -> SerialScaleProtocol? {
        switch board.device(.scale)?.deviceProtocol {
        case .mtSICS: .mtSICS
        case .toledo8217: .toledo8217
        default: nil
        }
    }

    /// The keypad's function keys, by HID usage, as the board maps them.
    public static func keypadMap(_ board: Board) -> [UInt8: CommandCode] {
        var map: [UInt8: CommandCode] = [:]
        for (name, action) in board.device(.keypad)?.keyMap ?? [:] {
            if let usage = HIDKeyNames.usage(of: name) {
                map[usage] = action.command
            }
        }
        return map
    }
}

/// HID keyboard usages of the key names board files use (xkb names).
enum HIDKeyNames {
    static func usage(of name: String) -> UInt8? {
        if name.hasPrefix("F"), let number = UInt8(name.dropFirst()), (1...12).contains(number) {
            return 0x3A + number - 1
        }
        return named[name]
    }

    private static let named: [String: UInt8] = [
        "Escape": 0x29, "Backspace": 0x2A, "Tab": 0x2B, "Delete": 0x4C, "Num_Lock": 0x53,
        "KP_Divide": 0x54, "KP_Multiply": 0x55, "KP_Subtract": 0x56, "KP_Add": 0x57, "KP_Enter": 0x58,
    ]
}

extension PrinterConfiguration {
    /// The printer a board declares (its drawer, if any, on the printer's port).
    public init(board: Board) {
        let settings = board.device(.printer)?.printer
        let drawer = board.device(.drawer)?.drawer
        self.init(
            paperWidthDots: settings?.paperWidthDots ?? 384,
            columns: settings?.columns ?? 32,
            chineseMode: settings?.chineseModeCommands ?? true,
            hasCutter: settings?.hasCutter ?? true,
            drawerPin: drawer?.pin,
            drawerPulseMs: drawer?.pulseMs ?? 100,
            hasAutomaticStatusBack: settings?.automaticStatusBack ?? false,
            queueLimit: board.limits.printQueueDepth)
    }
}
