import KioskDevices

/// Printer scenarios: a job printed, a job held for paper, a job interrupted by an unplug.
enum PrinterScenarios {
    private static let identity = "MFG:Xprinter;CMD:ESC/POS;MDL:XP-58IIH;CLS:PRINTER;"

    private static func makeQueue(context: USBContext, automaticStatusBack: Bool = false) -> (USBPrinter, PrintQueue) {
        var configuration = PrinterConfiguration.paper58mm
        configuration.hasAutomaticStatusBack = automaticStatusBack
        configuration.chunkBytes = 64
        configuration.transferTimeoutMs = 1000
        let printer = USBPrinter(
            context: context,
            match: USBDeviceMatch(vendorID: Descriptors.printerVendorID, productID: Descriptors.printerProductID),
            configuration: configuration)
        return (printer, PrintQueue(printer: printer, retryIntervalMs: 50))
    }

    private static func plugPrinter(_ emulator: Emulator, devnum: Int, replies: PrinterReplies) {
        emulator.plug(port: 1, devnum: devnum, descriptors: Descriptors.printer, kernelDriver: "usblp",
                      serial: "A1B2C3", ieee1284ID: identity, printer: replies)
    }

    /// Prints one job on a healthy printer (usblp bound) and reports every byte the printer got.
    static func printJob(jobHex: String) async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: PrinterReplies.ready)
        let context = try USBContext()
        let (printer, queue) = makeQueue(context: context)
        let events = Observations<PrintQueueEvent>()
        let running = Task { await queue.run() }
        let listening = Task { for await event in queue.events { events.append(event) } }
        try await queue.submit(PrintJob(id: "receipt-1", bytes: bytes(hex: jobHex)))
        await waitUntil { events.all.contains(.printed(jobID: "receipt-1")) }
        report("kernel-driver-detached", "\(emulator.kernelDriverDetaches(devnum: 4))")
        report("ieee1284", await printer.ieee1284DeviceID() ?? "-")
        do {
            try await queue.submit(PrintJob(id: "receipt-1", bytes: bytes(hex: jobHex)))
            report("duplicate", "accepted")
        } catch {
            report("duplicate", "refused")
        }
        running.cancel()
        await running.value
        await printer.disconnect()
        listening.cancel()
        for event in events.all { report(event) }
        report("out", hex(emulator.outBytes(devnum: 4)))
        context.shutdown()
    }

    /// Connects to a printer another program holds, then again once it lets go.
    static func busy() async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: PrinterReplies.ready)
        emulator.setClaimedElsewhere(devnum: 4, true)
        let context = try USBContext()
        let (printer, _) = makeQueue(context: context)
        do {
            try await printer.connect()
            report("connect", "ok")
        } catch {
            report("connect-error", "\(error)")
        }
        emulator.setClaimedElsewhere(devnum: 4, false)
        try await printer.connect()
        report("connect", "ok")
        report("status", "\(try await printer.status())")
        await printer.disconnect()
        context.shutdown()
    }

    /// Submits a job while the printer is out of paper (or, with `nonsense`, answers garbage),
    /// then makes it healthy. With `automaticStatusBack` the printer also sends unsolicited
    /// status messages.
    static func paperOut(jobHex: String, automaticStatusBack: Bool, nonsense: Bool) async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: nonsense ? PrinterReplies.nonsense : PrinterReplies.paperOut)
        let context = try USBContext()
        let (printer, queue) = makeQueue(context: context, automaticStatusBack: automaticStatusBack)
        let events = Observations<PrintQueueEvent>()
        let running = Task { await queue.run() }
        let listening = Task { for await event in queue.events { events.append(event) } }
        try await queue.submit(PrintJob(id: "receipt-2", bytes: bytes(hex: jobHex)))
        await waitUntil { !events.all.isEmpty }
        // A few more status rounds, to show the job stays held rather than being sent.
        try await Task.sleep(for: .milliseconds(200))
        report("pending", await queue.pendingJobIDs.joined(separator: ","))
        report("out-while-held", hex(emulator.outBytes(devnum: 4)))
        report("automatic-status-while-held", await printer.automaticStatus.map { "\($0)" } ?? "-")
        emulator.setPrinterReplies(devnum: 4, PrinterReplies.ready)
        await waitUntil { events.all.contains(.printed(jobID: "receipt-2")) }
        report("automatic-status-after", await printer.automaticStatus.map { "\($0)" } ?? "-")
        running.cancel()
        await running.value
        await printer.disconnect()
        listening.cancel()
        for event in events.all { report(event) }
        report("pending", await queue.pendingJobIDs.joined(separator: ","))
        report("out", hex(emulator.outBytes(devnum: 4)))
        context.shutdown()
    }

    /// The printer's cable is pulled after `dieAfterBytes` bytes of the job; it is plugged in
    /// again (new address, same port) and the job must complete exactly once.
    static func unplugDuringPrint(jobHex: String, dieAfterBytes: Int) async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: PrinterReplies.ready)
        let statusQueryBytes = 12
        emulator.dieAfterOutBytes(devnum: 4, count: statusQueryBytes + dieAfterBytes)
        let context = try USBContext()
        let (printer, queue) = makeQueue(context: context)
        let events = Observations<PrintQueueEvent>()
        let running = Task { await queue.run() }
        let listening = Task { for await event in queue.events { events.append(event) } }
        try await queue.submit(PrintJob(id: "receipt-3", bytes: bytes(hex: jobHex)))
        await waitUntil { emulator.isDead(devnum: 4) }
        emulator.unplug(devnum: 4)
        report("unplugged", "1-1")
        await waitUntil { events.all.contains { if case .held = $0 { true } else { false } } }
        try await Task.sleep(for: .milliseconds(200))
        plugPrinter(emulator, devnum: 5, replies: PrinterReplies.ready)
        report("replugged", "1-1")
        queue.printerMayHaveChanged()
        await waitUntil { events.all.contains(.printed(jobID: "receipt-3")) }
        running.cancel()
        await running.value
        await printer.disconnect()
        listening.cancel()
        for event in events.all { report(event) }
        report("out-before-unplug", hex(emulator.outBytes(devnum: 4)))
        report("out-after-replug", hex(emulator.outBytes(devnum: 5)))
        context.shutdown()
    }
}
