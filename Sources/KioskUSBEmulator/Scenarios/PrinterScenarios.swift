import KioskDevices
import KioskEngine
import KioskHardware
import KioskEngine
import KioskSimulator
import Logging

/// Printer scenarios through the station's own printer worker (``USBPrinterWorker``) and real libusb: a
/// job printed, a job held for paper, a job interrupted by an unplug. The engine's part — sending a held
/// job again when the printer is ready — is played by the scenario, which starts the job again.
enum PrinterScenarios {
    private static let identity = "MFG:Xprinter;CMD:ESC/POS;MDL:XP-58IIH;CLS:PRINTER;"

    private static func makeWorker(context: USBContext, automaticStatusBack: Bool = false) -> USBPrinterWorker {
        var configuration = PrinterConfiguration.paper58mm
        configuration.hasAutomaticStatusBack = automaticStatusBack
        configuration.chunkBytes = 64
        configuration.transferTimeoutMs = 1000
        return USBPrinterWorker(
            context: context,
            match: USBDeviceMatch(vendorID: Descriptors.printerVendorID, productID: Descriptors.printerProductID),
            configuration: configuration, logger: Logger(label: "emulator"), hop: { body in body(0) })
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
        let worker = makeWorker(context: context)
        let reports = CollectedReports()
        worker.start(.print(jobID: 1, bytes: bytes(hex: jobHex)), nowMs: 0, reports: reports)
        await waitUntil { reports.all.contains(.printed(jobID: 1)) }
        report("kernel-driver-detached", "\(emulator.kernelDriverDetaches(devnum: 4))")
        report("ieee1284", await worker.printer.ieee1284DeviceID() ?? "-")
        worker.close()
        for input in reports.all { report(input) }
        report("out", hex(emulator.outBytes(devnum: 4)))
        context.shutdown()
    }

    /// Connects to a printer another program holds, then again once it lets go.
    static func busy() async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: PrinterReplies.ready)
        emulator.setClaimedElsewhere(devnum: 4, true)
        let context = try USBContext()
        let printer = makeWorker(context: context).printer
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

    /// Starts a job while the printer is out of paper (or, with `nonsense`, answers garbage), then makes
    /// it healthy and starts the job again, as the engine does when the printer is ready. With
    /// `automaticStatusBack` the printer also sends unsolicited status messages.
    static func paperOut(jobHex: String, automaticStatusBack: Bool, nonsense: Bool) async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: nonsense ? PrinterReplies.nonsense : PrinterReplies.paperOut)
        let context = try USBContext()
        let worker = makeWorker(context: context, automaticStatusBack: automaticStatusBack)
        let reports = CollectedReports()
        let job = WorkItem.print(jobID: 2, bytes: bytes(hex: jobHex))
        worker.start(job, nowMs: 0, reports: reports)
        await waitUntil { !reports.all.isEmpty }
        report("out-while-held", hex(emulator.outBytes(devnum: 4)))
        report("automatic-status-while-held", await worker.printer.automaticStatus.map { "\($0)" } ?? "-")
        emulator.setPrinterReplies(devnum: 4, PrinterReplies.ready)
        worker.start(job, nowMs: 0, reports: reports)
        await waitUntil { reports.all.contains(.printed(jobID: 2)) }
        report("automatic-status-after", await worker.printer.automaticStatus.map { "\($0)" } ?? "-")
        worker.close()
        for input in reports.all { report(input) }
        report("out", hex(emulator.outBytes(devnum: 4)))
        context.shutdown()
    }

    /// The printer's cable is pulled after `dieAfterBytes` bytes of the job; it is plugged in again (new
    /// address, same port), the job is started again and must come out whole, exactly once.
    static func unplugDuringPrint(jobHex: String, dieAfterBytes: Int) async throws {
        let emulator = Emulator()
        plugPrinter(emulator, devnum: 4, replies: PrinterReplies.ready)
        let statusQueryBytes = 12
        emulator.dieAfterOutBytes(devnum: 4, count: statusQueryBytes + dieAfterBytes)
        let context = try USBContext()
        let worker = makeWorker(context: context)
        let reports = CollectedReports()
        let job = WorkItem.print(jobID: 3, bytes: bytes(hex: jobHex))
        worker.start(job, nowMs: 0, reports: reports)
        await waitUntil { emulator.isDead(devnum: 4) }
        emulator.unplug(devnum: 4)
        report("unplugged", "1-1")
        await waitUntil { reports.all.contains { if case .printHeld = $0 { true } else { false } } }
        plugPrinter(emulator, devnum: 5, replies: PrinterReplies.ready)
        report("replugged", "1-1")
        worker.start(job, nowMs: 0, reports: reports)
        await waitUntil { reports.all.contains(.printed(jobID: 3)) }
        worker.close()
        for input in reports.all { report(input) }
        report("out-before-unplug", hex(emulator.outBytes(devnum: 4)))
        report("out-after-replug", hex(emulator.outBytes(devnum: 5)))
        context.shutdown()
    }
}

/// What the printer worker reports, collected as the engine's input queue would take it.
final class CollectedReports: WorkReports, Sendable {
    private let inputs = Observations<StationInput>()

    func report(_ input: StationInput, atMs: Int64) {
        inputs.append(input)
    }

    var all: [StationInput] { inputs.all }
}
