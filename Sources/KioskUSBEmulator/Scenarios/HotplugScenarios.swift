import KioskDevices

/// Hotplug and inventory scenarios.
enum HotplugScenarios {
    /// Starts a scanner driver before any scanner is plugged in, plugs one at runtime, scans a
    /// code with it, then unplugs it; reports the hotplug events and the scan.
    /// With `polling`, arrivals and departures come from polling the device list instead.
    static func arrival(code: String, polling: Bool) async throws {
        let emulator = Emulator()
        let context = try USBContext(pollIntervalMs: 50, alwaysPoll: polling)
        let events = context.deviceEvents()
        let hotplug = Observations<USBHotplugEvent>()
        let watching = Task { for await event in events { hotplug.append(event) } }
        let scanner = USBScanner(
            context: context,
            match: USBDeviceMatch(vendorID: Descriptors.scannerVendorID, productID: Descriptors.scannerProductID),
            configuration: ScannerConfiguration(interReadGapMs: 80, debounceWindowMs: 0), retryIntervalMs: 50)
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
        await waitUntil { !connections.all.isEmpty }
        emulator.plug(port: 2, devnum: 6, descriptors: Descriptors.wedgeScanner)
        await waitUntil { connections.all.contains { $0.hasPrefix("connected") } }
        for packet in HIDKeyboardEncoder.reports(typing: Array(code.utf8)) {
            emulator.queueIn(devnum: 6, endpoint: Descriptors.scannerInEndpoint, packet)
        }
        await waitUntil { !outcomes.all.isEmpty }
        await waitUntil { !hotplug.all.isEmpty }
        emulator.unplug(devnum: 6)
        await waitUntil { hotplug.all.count >= 2 }
        reading.cancel()
        await reading.value
        watching.cancel()
        report("hotplug", context.hasHotplug ? "libusb" : "polling")
        for line in connections.all { report("connection", line) }
        for event in hotplug.all {
            switch event {
            case .arrived(let device): report("arrived", "\(device.location) \(device.vendorProduct)")
            case .left(let device): report("left", "\(device.location) \(device.vendorProduct)")
            }
        }
        for outcome in outcomes.all { report(outcome) }
        context.shutdown()
    }

    /// Plugs a printer and a scanner and reports the inventory `kiosk usb list` shows.
    static func inventory() async throws {
        let emulator = Emulator()
        emulator.plug(port: 1, devnum: 2, descriptors: Descriptors.printer, serial: "A1B2C3",
                      ieee1284ID: "MFG:Xprinter;CMD:ESC/POS;MDL:XP-58IIH;CLS:PRINTER;")
        emulator.plug(port: 2, devnum: 3, descriptors: Descriptors.wedgeScanner, kernelDriver: "usbhid")
        let context = try USBContext()
        for entry in context.inventory() {
            let classes = entry.device.interfaces.map { String($0.interfaceClass) }.joined(separator: ",")
            report("device", "\(entry.device.location) \(entry.device.vendorProduct) classes=\(classes) "
                + "serial=\(entry.serialNumber ?? "-") ieee1284=\(entry.ieee1284DeviceID ?? "-")")
        }
        context.shutdown()
    }
}
