import KioskDevices

/// Scanner scenarios: a wedge scanner with a bound usbhid driver, and a HID-POS scanner.
enum ScannerScenarios {
    /// Plugs a wedge scanner (usbhid bound), types each code, reports every outcome.
    /// `terminator` is "enter", "tab" or "none" (the read must then end after the gap).
    static func wedge(codes: [String], terminator: String, debounceMs: Int) async throws {
        let emulator = Emulator()
        let devnum = 2
        emulator.plug(port: 1, devnum: devnum, descriptors: Descriptors.wedgeScanner, kernelDriver: "usbhid")
        let ending: HIDKeyboardEncoder.Terminator = switch terminator {
        case "tab": .tab
        case "none": .none
        default: .enter
        }
        let reports = codes.flatMap { HIDKeyboardEncoder.reports(typing: Array($0.utf8), terminator: ending) }
        try await scan(
            emulator: emulator, devnum: devnum, productID: Descriptors.scannerProductID,
            configuration: ScannerConfiguration(scannerProtocol: .hidKeyboard, interReadGapMs: 80, debounceWindowMs: debounceMs),
            reports: reports, expectedOutcomes: codes.count)
    }

    /// Plugs a HID-POS scanner and sends each report (hex) as one interrupt packet.
    static func hidPOS(reportsHex: [String], expectedOutcomes: Int) async throws {
        let emulator = Emulator()
        let devnum = 3
        emulator.plug(port: 1, devnum: devnum, descriptors: Descriptors.hidPOSScanner)
        try await scan(
            emulator: emulator, devnum: devnum, productID: Descriptors.hidPOSProductID,
            configuration: ScannerConfiguration(scannerProtocol: .hidPOS, interReadGapMs: 80, debounceWindowMs: 0),
            reports: reportsHex.map { bytes(hex: $0) }, expectedOutcomes: expectedOutcomes)
    }

    private static func scan(
        emulator: Emulator, devnum: Int, productID: UInt16, configuration: ScannerConfiguration,
        reports: [[UInt8]], expectedOutcomes: Int
    ) async throws {
        let context = try USBContext()
        let scanner = USBScanner(
            context: context, match: USBDeviceMatch(vendorID: Descriptors.scannerVendorID, productID: productID),
            configuration: configuration, retryIntervalMs: 50)
        let outcomes = Observations<ScanOutcome>()
        let connections = Observations<String>()
        let reading = Task {
            await scanner.run(
                onConnection: { result in
                    switch result {
                    case .success(let device): connections.append("connected \(device.location)")
                    case .failure(let error): connections.append("failed \(error)")
                    }
                },
                onOutput: { outcomes.append($0) })
        }
        await waitUntil { connections.all.contains { $0.hasPrefix("connected") } }
        for line in connections.all { report("connection", line) }
        report("kernel-driver-detached", "\(emulator.kernelDriverDetaches(devnum: devnum))")
        for packet in reports { emulator.queueIn(devnum: devnum, endpoint: Descriptors.scannerInEndpoint, packet) }
        await waitUntil { outcomes.all.count >= expectedOutcomes }
        reading.cancel()
        await reading.value
        for outcome in outcomes.all { report(outcome) }
        report("kernel-driver-rebound", "\(emulator.kernelDriverBound(devnum: devnum))")
        context.shutdown()
    }
}
