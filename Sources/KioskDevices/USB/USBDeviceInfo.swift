/// One endpoint of an interface, from the configuration descriptor.
public struct USBEndpointInfo: Sendable, Equatable {
    /// How an endpoint moves data.
    public enum TransferType: UInt8, Sendable {
        case control = 0, isochronous = 1, bulk = 2, interrupt = 3
    }

    /// The endpoint address; bit 7 set means IN (device to host).
    public var address: UInt8
    /// The endpoint's transfer type.
    public var transferType: TransferType
    /// The largest packet the endpoint moves.
    public var maxPacketSize: Int

    /// Whether data flows from the device to the host.
    public var isIn: Bool { address & 0x80 != 0 }
}

/// One interface (alternate setting 0) of a device's active configuration.
public struct USBInterfaceInfo: Sendable, Equatable {
    /// The interface number.
    public var number: UInt8
    /// The class: 3 HID, 7 printer, 2/10 CDC.
    public var interfaceClass: UInt8
    /// The subclass.
    public var interfaceSubclass: UInt8
    /// The protocol: for HID boot devices 1 keyboard, 2 mouse; for printers 1 unidirectional, 2 bidirectional.
    public var interfaceProtocol: UInt8
    /// The interface's endpoints.
    public var endpoints: [USBEndpointInfo]

    /// The first endpoint of a type and direction.
    public func endpoint(_ type: USBEndpointInfo.TransferType, isIn: Bool) -> USBEndpointInfo? {
        endpoints.first { $0.transferType == type && $0.isIn == isIn }
    }
}

/// What the kiosk knows about a connected USB device without opening it.
public struct USBDeviceInfo: Sendable, Equatable, CustomStringConvertible {
    /// The bus number.
    public var busNumber: UInt8
    /// The address on the bus (changes on every re-plug).
    public var address: UInt8
    /// The physical port path, e.g. `[1, 4]` for 1-1.4: stable for a device left in its socket.
    public var portPath: [UInt8]
    /// The vendor ID.
    public var vendorID: UInt16
    /// The product ID.
    public var productID: UInt16
    /// The device class (0 means "per interface").
    public var deviceClass: UInt8
    /// The index of the serial number string, 0 when there is none.
    public var serialNumberIndex: UInt8
    /// The interfaces of the active configuration.
    public var interfaces: [USBInterfaceInfo]

    /// The sysfs-style location, e.g. `1-1.4`.
    public var location: String {
        portPath.isEmpty ? "\(busNumber)-0" : "\(busNumber)-" + portPath.map(String.init).joined(separator: ".")
    }

    /// `VID:PID` in lower-case hexadecimal, as lsusb prints it.
    public var vendorProduct: String { "\(Self.hex(vendorID)):\(Self.hex(productID))" }

    /// Bus, address, location and VID:PID.
    public var description: String {
        "bus \(busNumber) address \(address) at \(location) \(vendorProduct)"
    }

    /// Four lower-case hexadecimal digits.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// Which device fills a role on the board: VID:PID and interface class, and optionally which of
/// several identical devices (by IEEE-1284 ID, USB serial number or port location).
public struct USBDeviceMatch: Sendable, Equatable, CustomStringConvertible {
    /// The vendor ID.
    public var vendorID: UInt16
    /// The product ID.
    public var productID: UInt16
    /// The interface class the driver uses (7 printer, 3 HID), or `nil` for any.
    public var interfaceClass: UInt8?
    /// The USB serial number the device must report, if set.
    public var serialNumber: String?
    /// A substring the printer's IEEE-1284 device ID must contain, if set.
    public var ieee1284Contains: String?
    /// The port location (`1-1.4`) the device must be plugged into, if set.
    public var location: String?

    /// A match on VID:PID and interface class, optionally narrowed further.
    public init(
        vendorID: UInt16, productID: UInt16, interfaceClass: UInt8? = nil,
        serialNumber: String? = nil, ieee1284Contains: String? = nil, location: String? = nil
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.interfaceClass = interfaceClass
        self.serialNumber = serialNumber
        self.ieee1284Contains = ieee1284Contains
        self.location = location
    }

    /// Whether the descriptor-level parts match (identity strings need the device open).
    public func matchesDescriptors(_ device: USBDeviceInfo) -> Bool {
        device.vendorID == vendorID && device.productID == productID
            && (location == nil || device.location == location)
            && (interfaceClass == nil || interface(of: device) != nil)
    }

    /// The interface the driver should claim.
    public func interface(of device: USBDeviceInfo) -> USBInterfaceInfo? {
        guard let interfaceClass else { return device.interfaces.first }
        return device.interfaces.first { $0.interfaceClass == interfaceClass }
    }

    /// `VID:PID` and the narrowing conditions, for messages.
    public var description: String {
        var text = "\(USBDeviceInfo.hex(vendorID)):\(USBDeviceInfo.hex(productID))"
        if let interfaceClass { text += " class \(interfaceClass)" }
        if let serialNumber { text += " serial \(serialNumber)" }
        if let ieee1284Contains { text += " 1284 id ~ \(ieee1284Contains)" }
        if let location { text += " at \(location)" }
        return text
    }
}
