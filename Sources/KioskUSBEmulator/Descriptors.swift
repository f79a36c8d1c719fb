/// USB descriptors of the emulated devices. Endpoint numbers are deliberately not the usual
/// 0x01/0x81, so a driver that hard-codes them fails.
enum Descriptors {
    static let scannerVendorID: UInt16 = 0x0C2E
    static let scannerProductID: UInt16 = 0x0901
    static let hidPOSProductID: UInt16 = 0x0B61
    static let keypadVendorID: UInt16 = 0x04D9
    static let keypadProductID: UInt16 = 0x1603
    static let scaleVendorID: UInt16 = 0x0922
    static let scaleProductID: UInt16 = 0x8003
    static let printerVendorID: UInt16 = 0x0416
    static let printerProductID: UInt16 = 0x5011

    static let scannerInEndpoint: UInt8 = 0x83
    static let printerOutEndpoint: UInt8 = 0x03
    static let printerInEndpoint: UInt8 = 0x85

    /// A keyboard-wedge scanner: one HID boot keyboard interface, interrupt IN, 8-byte reports.
    static let wedgeScanner = device(vendor: scannerVendorID, product: scannerProductID, interface: [
        0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00,
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3F, 0x00,
        0x07, 0x05, scannerInEndpoint, 0x03, 0x08, 0x00, 0x01,
    ])

    /// A numeric keypad: a HID boot keyboard like the wedge scanner, from another vendor.
    static let keypad = device(vendor: keypadVendorID, product: keypadProductID, interface: [
        0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00,
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3F, 0x00,
        0x07, 0x05, scannerInEndpoint, 0x03, 0x08, 0x00, 0x01,
    ])

    /// A HID point-of-sale scanner: HID interface, interrupt IN with 16-byte reports.
    static let hidPOSScanner = device(vendor: scannerVendorID, product: hidPOSProductID, interface: [
        0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00,
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x40, 0x00,
        0x07, 0x05, scannerInEndpoint, 0x03, 0x10, 0x00, 0x01,
    ])

    /// A HID point-of-sale scale: HID interface, interrupt IN only (zeroed through a feature report).
    static let hidScale = device(vendor: scaleVendorID, product: scaleProductID, interface: [
        0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00,
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x34, 0x00,
        0x07, 0x05, scannerInEndpoint, 0x03, 0x08, 0x00, 0x0A,
    ])

    /// A bidirectional USB printer-class printer: bulk OUT and bulk IN.
    static let printer = device(vendor: printerVendorID, product: printerProductID, interface: [
        0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00,
        0x07, 0x05, printerOutEndpoint, 0x02, 0x40, 0x00, 0x00,
        0x07, 0x05, printerInEndpoint, 0x02, 0x40, 0x00, 0x00,
    ])

    private static func device(vendor: UInt16, product: UInt16, interface: [UInt8]) -> [UInt8] {
        let deviceDescriptor: [UInt8] = [
            0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
            UInt8(vendor & 0xFF), UInt8(vendor >> 8), UInt8(product & 0xFF), UInt8(product >> 8),
            0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
        ]
        let total = 9 + interface.count
        let configuration: [UInt8] = [0x09, 0x02, UInt8(total & 0xFF), UInt8(total >> 8), 0x01, 0x01, 0x00, 0x80, 0x32]
        return deviceDescriptor + configuration + interface
    }
}
