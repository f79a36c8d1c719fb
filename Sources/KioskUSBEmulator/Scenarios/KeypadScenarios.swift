import KioskCore
import KioskDevices

/// Keypad scenario: a numeric keypad whose F1/F2 are bound to actions.
enum KeypadScenarios {
    /// Presses each key (HID usage, hex) and releases it; reports the decoded inputs once
    /// `expectedInputs` have come (unmapped keys produce none).
    static func keys(usagesHex: [String], expectedInputs: Int) async throws {
        let emulator = Emulator()
        emulator.plug(port: 3, devnum: 7, descriptors: Descriptors.keypad, kernelDriver: "usbhid")
        let context = try USBContext()
        let keypad = USBKeypad(
            context: context, match: USBDeviceMatch(vendorID: Descriptors.keypadVendorID, productID: Descriptors.keypadProductID),
            handler: KeypadDecoder(keyMap: [0x3A: .payCash, 0x3B: .payCode]), retryIntervalMs: 50)
        let inputs = Observations<KeypadInput>()
        let connected = Observations<Bool>()
        let reading = Task {
            await keypad.run(onConnection: { connected.append((try? $0.get()) != nil) }, onOutput: { inputs.append($0) })
        }
        await waitUntil { connected.all.contains(true) }
        for usage in usagesHex {
            emulator.queueIn(devnum: 7, endpoint: Descriptors.scannerInEndpoint, [0, 0, UInt8(usage, radix: 16)!, 0, 0, 0, 0, 0])
            emulator.queueIn(devnum: 7, endpoint: Descriptors.scannerInEndpoint, [0, 0, 0, 0, 0, 0, 0, 0])
        }
        await waitUntil { inputs.all.count >= expectedInputs }
        reading.cancel()
        await reading.value
        for input in inputs.all {
            if case .command(let command) = input {
                report("key", "command \(command.barcode)")
            } else {
                report("key", "\(input)")
            }
        }
        context.shutdown()
    }
}
