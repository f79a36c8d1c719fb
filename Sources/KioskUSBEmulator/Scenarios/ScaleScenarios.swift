import KioskDevices

/// Scale scenarios: a HID point-of-sale scale sending scale data reports, and its zero command.
enum ScaleScenarios {
    /// Plugs a HID scale, sends each report (hex) as one interrupt packet, and reports every event
    /// (`weighed N` or `problem DESCRIPTION`) once `expectedEvents` came.
    static func weigh(reportsHex: [String], readingsToAgree: Int, silenceMs: Int, expectedEvents: Int) async throws {
        let emulator = Emulator()
        let devnum = 4
        emulator.plug(port: 1, devnum: devnum, descriptors: Descriptors.hidScale, kernelDriver: "usbhid")
        let context = try USBContext()
        let scale = USBScale(
            context: context, match: USBDeviceMatch(vendorID: Descriptors.scaleVendorID, productID: Descriptors.scaleProductID),
            configuration: ScaleConfiguration(readingsToAgree: readingsToAgree, silenceMs: silenceMs), retryIntervalMs: 50)
        let events = Observations<ScaleEvent>()
        let connected = Observations<String>()
        let reading = Task {
            await scale.run(
                onConnection: { if case .success(let device) = $0 { connected.append(device.location) } },
                onOutput: { events.append($0) })
        }
        await waitUntil { !connected.all.isEmpty }
        for hex in reportsHex { emulator.queueIn(devnum: devnum, endpoint: Descriptors.scannerInEndpoint, bytes(hex: hex)) }
        await waitUntil { events.all.count >= expectedEvents }
        reading.cancel()
        await reading.value
        for event in events.all {
            switch event {
            case .weighed(let grams): report("weighed", "\(grams)")
            case .problem(let problem): report("problem", "\(problem)")
            }
        }
        report("kernel-driver-rebound", "\(emulator.kernelDriverBound(devnum: devnum))")
        context.shutdown()
    }

    /// Plugs a HID scale with no OUT endpoint, zeroes it, and reports what reached it.
    static func zero() async throws {
        let emulator = Emulator()
        let devnum = 4
        emulator.plug(port: 1, devnum: devnum, descriptors: Descriptors.hidScale)
        let context = try USBContext()
        let scale = USBScale(
            context: context, match: USBDeviceMatch(vendorID: Descriptors.scaleVendorID, productID: Descriptors.scaleProductID),
            configuration: ScaleConfiguration())
        try await scale.connect()
        try await scale.zero()
        await scale.disconnect()
        report("control-out", hex(emulator.outBytes(devnum: devnum)))
        context.shutdown()
    }
}
