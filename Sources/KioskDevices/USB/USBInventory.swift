import CLibUSB

/// One connected device as `kiosk usb list` shows it: descriptors, and the identity strings
/// that tell identical devices apart when the device could be opened.
public struct USBInventoryEntry: Sendable, Equatable {
    /// The device's descriptors and location.
    public var device: USBDeviceInfo
    /// The USB serial number, if the device has one and could be opened.
    public var serialNumber: String?
    /// The IEEE-1284 device ID of a printer, if it could be opened.
    public var ieee1284DeviceID: String?
    /// Why the device could not be opened (typically permission), if it could not.
    public var openError: USBError?
}

extension USBContext {
    /// Every connected device with its identity strings. Opening a device needs permission; when
    /// it is refused the entry says why instead.
    public func inventory() -> [USBInventoryEntry] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { libusb_free_device_list(list, 1) }
        guard count > 0, let list else { return [] }
        return (0..<count).compactMap { index -> USBInventoryEntry? in
            guard let device = list[index], let info = Self.info(of: device) else { return nil }
            var entry = USBInventoryEntry(device: info)
            guard let interface = info.interfaces.first(where: { $0.interfaceClass == 7 }) ?? info.interfaces.first,
                  info.deviceClass != 9
            else { return entry }
            var rawHandle: OpaquePointer?
            let opened = libusb_open(device, &rawHandle)
            guard opened == 0, let rawHandle else {
                entry.openError = USBError(code: opened)
                return entry
            }
            let handle = USBDeviceHandle(context: self, handle: rawHandle, info: info, interface: interface)
            entry.serialNumber = handle.serialNumber()
            entry.ieee1284DeviceID = handle.ieee1284DeviceID()
            handle.close()
            return entry
        }
    }
}

extension USBInventoryEntry {
    init(device: USBDeviceInfo) {
        self.device = device
    }
}
