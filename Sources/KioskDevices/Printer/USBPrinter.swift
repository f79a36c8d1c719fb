/// A USB printer-class (7/1/x) ESC/POS printer: finds its endpoints in the descriptors, sends
/// bytes in chunks with a timeout each, and runs ``PrintConversation``s (`DLE EOT n`, the job, `GS r 1`)
/// over them.
public actor USBPrinter {
    /// Which device is this printer.
    public let match: USBDeviceMatch
    /// The printer's abilities and limits.
    public let configuration: PrinterConfiguration
    private let context: USBContext
    private var connection: Connection?

    /// The last automatic status back message, when the printer is configured to send them.
    public private(set) var automaticStatus: PrinterStatus?

    private struct Connection {
        let handle: USBDeviceHandle
        let bulkOut: USBEndpointInfo
        let bulkIn: USBEndpointInfo?
    }

    /// The printer matched by `match` (its interface class defaults to 7, printer).
    public init(context: USBContext, match: USBDeviceMatch, configuration: PrinterConfiguration) {
        var match = match
        if match.interfaceClass == nil { match.interfaceClass = 7 }
        self.match = match
        self.configuration = configuration
        self.context = context
    }

    /// Whether the printer is open.
    public var isConnected: Bool { connection != nil }

    /// The open device, if connected.
    public var device: USBDeviceInfo? { connection?.handle.info }

    /// Whether opening had to detach the kernel's usblp driver.
    public var detachedKernelDriver: Bool { connection?.handle.detachedKernelDriver ?? false }

    /// Opens and claims the printer unless it already is.
    public func connect() throws(USBError) {
        guard connection == nil else { return }
        let handle = try context.open(match)
        guard let bulkOut = handle.interface.endpoint(.bulk, isIn: false) else {
            handle.close()
            throw .notFound("\(match): printer interface has no bulk OUT endpoint")
        }
        do {
            try handle.claim()
        } catch {
            handle.close()
            throw error
        }
        connection = Connection(handle: handle, bulkOut: bulkOut, bulkIn: handle.interface.endpoint(.bulk, isIn: true))
    }

    /// Opens the printer and, when configured, switches on automatic status back (`GS a`).
    public func connectAndConfigure() async throws(USBError) {
        let wasConnected = connection != nil
        try connect()
        guard !wasConnected, configuration.hasAutomaticStatusBack else { return }
        var encoder = ESCPOSEncoder(capacity: 3)
        encoder.setAutomaticStatusBack(true)
        try await send(encoder.bytes)
    }

    /// Closes the printer (after an unplug, or to hand it back to the kernel).
    public func disconnect() {
        connection?.handle.close()
        connection = nil
        automaticStatus = nil
    }

    /// The printer's IEEE-1284 device ID, when connected and it answers.
    public func ieee1284DeviceID() -> String? { connection?.handle.ieee1284DeviceID() }

    /// Asks `DLE EOT 1…4`. A printer with no IN endpoint cannot tell, and counts as ready.
    public func status() async throws(USBError) -> PrinterStatus {
        guard let connection else { throw .noDevice }
        var conversation = PrintConversation.statusOnly(printerAnswers: connection.bulkIn != nil)
        switch try await converse(&conversation) {
        case .status(let status), .held(let status), .printed(let status): return status
        }
    }

    /// Prints `job` when the printer says it can (``PrintConversation``): `.printed` once the printer
    /// confirmed it, `.held` with the status that kept it back (nothing was sent).
    public func print(_ job: [UInt8]) async throws(USBError) -> PrintConversation.Outcome {
        guard let connection else { throw .noDevice }
        var conversation = PrintConversation(printing: job, printerAnswers: connection.bulkIn != nil)
        return try await converse(&conversation)
    }

    /// Runs `conversation` over the bulk endpoints until it ends; a read that times out is no reply.
    private func converse(_ conversation: inout PrintConversation) async throws(USBError) -> PrintConversation.Outcome {
        guard let connection else { throw .noDevice }
        var reads = 0
        while conversation.outcome == nil {
            if let bytes = conversation.nextOutput() {
                try await send(bytes)
                continue
            }
            guard let bulkIn = connection.bulkIn, reads < Self.readsPerConversationLimit else {
                conversation.noReply()
                break
            }
            reads += 1
            do {
                conversation.receive(try await connection.handle.read(
                    endpoint: bulkIn, maxLength: bulkIn.maxPacketSize, timeoutMs: configuration.transferTimeoutMs))
            } catch .timeout {
                conversation.noReply()
            }
        }
        if let status = conversation.automaticStatus { automaticStatus = status }
        return conversation.outcome ?? .held(.offline)
    }

    /// Sends `bytes` in chunks of ``PrinterConfiguration/chunkBytes``, each with the transfer timeout.
    public func send(_ bytes: [UInt8]) async throws(USBError) {
        guard let connection else { throw .noDevice }
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + configuration.chunkBytes, bytes.count)
            let written = try await connection.handle.write(
                Array(bytes[offset..<end]), endpoint: connection.bulkOut, timeoutMs: configuration.transferTimeoutMs)
            guard written > 0 else { throw .timeout }
            offset += written
        }
    }

    /// How many reads one conversation may take (automatic status messages can come between its
    /// replies) before the printer counts as not answering.
    static let readsPerConversationLimit = 64
}
