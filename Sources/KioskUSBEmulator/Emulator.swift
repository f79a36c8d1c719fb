import CUSBEmulator

/// The umockdev testbed with its emulated devices (a thin owner of the C emulator).
final class Emulator {
    private let emulator: OpaquePointer

    /// Why umockdev cannot be used in this process, or `nil` when it can.
    static func unavailableReason() -> String? {
        var reason = [CChar](repeating: 0, count: 256)
        if kiosk_usb_emulator_available(&reason, reason.count) != 0 { return nil }
        return String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init() {
        guard let emulator = kiosk_usb_emulator_new() else {
            fatalError("umockdev unavailable: \(Self.unavailableReason() ?? "unknown")")
        }
        self.emulator = emulator
    }

    deinit {
        kiosk_usb_emulator_free(emulator)
    }

    /// Plugs a device into port `port` of bus 1 with address `devnum`.
    /// Plugs a device; with `printer` it answers as a printer from the moment it appears.
    func plug(
        port: Int, devnum: Int, descriptors: [UInt8], kernelDriver: String? = nil,
        serial: String? = nil, ieee1284ID: String? = nil, printer: PrinterReplies? = nil
    ) {
        let result: Int32
        if let printer {
            var replies = printer.emulated
            result = kiosk_usb_emulator_plug(
                emulator, Int32(port), Int32(devnum), descriptors, descriptors.count, kernelDriver, serial, ieee1284ID, &replies)
        } else {
            result = kiosk_usb_emulator_plug(
                emulator, Int32(port), Int32(devnum), descriptors, descriptors.count, kernelDriver, serial, ieee1284ID, nil)
        }
        precondition(result == 0, "could not plug the emulated device \(devnum)")
    }

    func unplug(devnum: Int) {
        kiosk_usb_emulator_unplug(emulator, Int32(devnum))
    }

    func dieAfterOutBytes(devnum: Int, count: Int) {
        kiosk_usb_emulator_die_after_out_bytes(emulator, Int32(devnum), count)
    }

    func isDead(devnum: Int) -> Bool {
        kiosk_usb_emulator_is_dead(emulator, Int32(devnum)) != 0
    }

    func queueIn(devnum: Int, endpoint: UInt8, _ data: [UInt8]) {
        kiosk_usb_emulator_queue_in(emulator, Int32(devnum), endpoint, data, data.count)
    }

    func outBytes(devnum: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let count = kiosk_usb_emulator_out_bytes(emulator, Int32(devnum), &buffer, buffer.count)
        return Array(buffer.prefix(count))
    }

    func setPrinterReplies(devnum: Int, _ replies: PrinterReplies) {
        var emulated = replies.emulated
        kiosk_usb_emulator_set_printer_replies(emulator, Int32(devnum), &emulated)
    }

    func setClaimedElsewhere(devnum: Int, _ claimed: Bool) {
        kiosk_usb_emulator_set_claimed_elsewhere(emulator, Int32(devnum), claimed ? 1 : 0)
    }

    func kernelDriverDetaches(devnum: Int) -> Int {
        Int(kiosk_usb_emulator_kernel_driver_detaches(emulator, Int32(devnum)))
    }

    func kernelDriverBound(devnum: Int) -> Bool {
        kiosk_usb_emulator_kernel_driver_bound(emulator, Int32(devnum)) != 0
    }
}

extension PrinterReplies {
    /// The C form, answering on the emulated printer's IN endpoint.
    var emulated: KioskEmulatedPrinterReplies {
        KioskEmulatedPrinterReplies(
            in_endpoint: Descriptors.printerInEndpoint,
            status: (status[0], status[1], status[2], status[3]),
            paper: paper,
            automatic_status: (automaticStatus[0], automaticStatus[1], automaticStatus[2], automaticStatus[3]))
    }
}
