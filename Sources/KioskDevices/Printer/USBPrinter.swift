/// A USB printer-class (7/1/x) ESC/POS printer: finds its endpoints in the descriptors, sends
/// bytes in chunks with a timeout each, and reads status with `DLE EOT n` and `GS r 1`.
public actor USBPrinter {
    /// Which device is this printer.
    public let match: USBDeviceMatch
    /// The printer's abilities and limits.
    public let configuration: PrinterConfiguration
    private let context: USBContext
    private var connection: Connection?
    private var replies = PrinterReplyParser()
    private var pendingReplies: [PrinterReplyParser.Reply] = []

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
        replies = PrinterReplyParser()
        pendingReplies = []
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
        guard let bulkIn = connection.bulkIn else { return .ready }
        var answers: [RealTimeStatusKind: UInt8] = [:]
        for kind in RealTimeStatusKind.allCases {
            _ = try await connection.handle.write(
                ESCPOSEncoder.realTimeStatusRequest(kind), endpoint: connection.bulkOut,
                timeoutMs: configuration.transferTimeoutMs)
            do {
                let reply = try await nextReply(from: bulkIn, handle: connection.handle)
                guard case .realTime(let byte) = reply else { return .offline }
                answers[kind] = byte
            } catch .timeout {
                return .offline
            }
        }
        return PrinterStatus.fromRealTime(answers)
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

    /// Sends `GS r 1` and waits for its reply, which the printer gives only after processing
    /// everything sent before: the proof a job went through. Returns the paper status it reports.
    public func confirm() async throws(USBError) -> PrinterStatus {
        guard let connection else { throw .noDevice }
        try await send(ESCPOSEncoder.paperStatusRequest)
        guard let bulkIn = connection.bulkIn else { return .ready }
        let reply = try await nextReply(from: bulkIn, handle: connection.handle)
        guard case .paperSensor(let byte) = reply, let status = PrinterStatus.fromPaperSensor(byte) else { return .offline }
        return status
    }

    /// The next reply other than an automatic status message (those are kept as
    /// ``automaticStatus``), reading the IN endpoint until one comes or a read times out.
    private func nextReply(from bulkIn: USBEndpointInfo, handle: USBDeviceHandle) async throws(USBError) -> PrinterReplyParser.Reply {
        for _ in 0..<Self.readsPerReplyLimit {
            while !pendingReplies.isEmpty {
                let reply = pendingReplies.removeFirst()
                if case .automaticStatus(let status) = reply {
                    automaticStatus = status
                } else {
                    return reply
                }
            }
            let bytes = try await handle.read(
                endpoint: bulkIn, maxLength: bulkIn.maxPacketSize, timeoutMs: configuration.transferTimeoutMs)
            pendingReplies += replies.consume(bytes)
        }
        throw .timeout
    }

    /// How many reads may bring only automatic status messages before a reply counts as missing.
    static let readsPerReplyLimit = 16
}
