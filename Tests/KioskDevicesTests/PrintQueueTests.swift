import KioskDevices
import Testing

@Suite struct PrintQueueTests {
    private func makeQueue(limit: Int) throws -> (USBContext, PrintQueue) {
        let context = try USBContext()
        var configuration = PrinterConfiguration.paper58mm
        configuration.queueLimit = limit
        let printer = USBPrinter(context: context, match: USBDeviceMatch(vendorID: 0x0416, productID: 0x5011), configuration: configuration)
        return (context, PrintQueue(printer: printer))
    }

    @Test func queueRefusesJobsBeyondItsLimit() async throws {
        let (context, queue) = try makeQueue(limit: 2)
        defer { context.shutdown() }
        try await queue.submit(PrintJob(id: "a", bytes: [0x0A]))
        try await queue.submit(PrintJob(id: "b", bytes: [0x0A]))
        await #expect(throws: PrintQueueError.full(limit: 2)) {
            try await queue.submit(PrintJob(id: "c", bytes: [0x0A]))
        }
        #expect(await queue.pendingJobIDs == ["a", "b"])
    }

    @Test func sameIDTwiceIsRefusedUnlessMarkedAsReprint() async throws {
        let (context, queue) = try makeQueue(limit: 4)
        defer { context.shutdown() }
        try await queue.submit(PrintJob(id: "receipt-7", bytes: [0x0A]))
        await #expect(throws: PrintQueueError.duplicate(jobID: "receipt-7")) {
            try await queue.submit(PrintJob(id: "receipt-7", bytes: [0x0A]))
        }
        try await queue.submit(PrintJob(id: "receipt-7", bytes: [0x0A], isReprint: true))
        #expect(await queue.pendingJobIDs == ["receipt-7", "receipt-7"])
    }
}
