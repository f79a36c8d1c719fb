/// Turns the reports of a HID interrupt endpoint into outputs (scans, keypad keys). Lives inside
/// a ``USBHIDInput`` and is only touched from there.
public protocol HIDReportHandler: Sendable {
    /// What the device produces.
    associatedtype Output: Sendable
    /// Consumes a report received at `atMs` (a monotonic millisecond clock).
    mutating func consume(report: [UInt8], atMs: UInt64) -> [Output]
    /// Called when no report came before ``deadlineMs``, so time-based reads can end.
    mutating func idle(atMs: UInt64) -> [Output]
    /// When ``idle(atMs:)`` must be called if no report comes first, or `nil` when nothing waits.
    var deadlineMs: UInt64? { get }
}

/// A USB HID input device (scanner, keypad): claims its HID interface (detaching usbhid if
/// bound), reads the interrupt IN endpoint, hands reports to its handler, and reconnects by
/// itself after an unplug.
public actor USBHIDInput<Handler: HIDReportHandler> {
    /// Which device this is.
    public let match: USBDeviceMatch
    private let context: USBContext
    private let retryIntervalMs: Int
    private var handler: Handler
    private var handle: USBDeviceHandle?
    private let clock = ContinuousClock()
    private let clockStart = ContinuousClock.now

    /// The device matched by `match` (its interface class defaults to 3, HID), whose reports go to
    /// `handler`. A missing device is retried every `retryIntervalMs`.
    public init(context: USBContext, match: USBDeviceMatch, handler: Handler, retryIntervalMs: Int = 500) {
        var match = match
        if match.interfaceClass == nil { match.interfaceClass = 3 }
        self.match = match
        self.context = context
        self.handler = handler
        self.retryIntervalMs = retryIntervalMs
    }

    /// How long a read waits when the handler has no deadline: only bounds how stale a
    /// connection check can be, since cancellation interrupts the read at once.
    static var idleReadTimeoutMs: Int { 1000 }

    /// Whether opening had to detach the kernel's usbhid driver.
    public var detachedKernelDriver: Bool { handle?.detachedKernelDriver ?? false }

    /// Opens and claims the device unless it already is.
    public func connect() throws(USBError) {
        guard handle == nil else { return }
        let opened = try context.open(match)
        guard opened.interface.endpoint(.interrupt, isIn: true) != nil else {
            opened.close()
            throw .notFound("\(match): HID interface has no interrupt IN endpoint")
        }
        do {
            try opened.claim()
        } catch {
            opened.close()
            throw error
        }
        handle = opened
    }

    /// Sends a feature report to the connected device (a scale's zero command).
    public func sendFeatureReport(_ report: [UInt8]) throws(USBError) {
        guard let handle else { throw .noDevice }
        try handle.setFeatureReport(report)
    }

    /// Closes the device (the kernel driver gets it back).
    public func disconnect() {
        handle?.close()
        handle = nil
    }

    /// Reads until the calling task is cancelled, calling `onOutput` for everything the handler
    /// produces. An absent or unplugged device is retried; `onConnection` hears of every change.
    public func run(
        onConnection: @Sendable (Result<USBDeviceInfo, USBError>) -> Void = { _ in },
        onOutput: @Sendable (Handler.Output) -> Void
    ) async {
        var lastError: USBError?
        while !Task.isCancelled {
            do {
                try connect()
                if let handle { onConnection(.success(handle.info)) }
                lastError = nil
                try await readReports(onOutput: onOutput)
            } catch {
                disconnect()
                if error != lastError { onConnection(.failure(error)) }
                lastError = error
                try? await Task.sleep(for: .milliseconds(retryIntervalMs))
            }
        }
        disconnect()
    }

    private func readReports(onOutput: @Sendable (Handler.Output) -> Void) async throws(USBError) {
        guard let handle, let endpoint = handle.interface.endpoint(.interrupt, isIn: true) else { throw .noDevice }
        while !Task.isCancelled {
            let outputs: [Handler.Output]
            let now = nowMs()
            let timeoutMs = handler.deadlineMs.map { $0 > now ? Int($0 - now) : 1 } ?? Self.idleReadTimeoutMs
            do {
                let report = try await handle.read(endpoint: endpoint, maxLength: endpoint.maxPacketSize, timeoutMs: timeoutMs)
                outputs = handler.consume(report: report, atMs: nowMs())
            } catch .timeout {
                outputs = handler.idle(atMs: nowMs())
            }
            for output in outputs { onOutput(output) }
        }
    }

    private func nowMs() -> UInt64 {
        UInt64((clock.now - clockStart) / .milliseconds(1))
    }
}
