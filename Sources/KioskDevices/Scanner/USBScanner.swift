import Logging

/// A USB HID scanner (keyboard wedge or HID-POS): reads its interrupt IN endpoint, decodes
/// reports into reads, and reconnects by itself after an unplug.
public actor USBScanner {
    /// Which device is this scanner.
    public let match: USBDeviceMatch
    /// How reads are cut and filtered.
    public let configuration: ScannerConfiguration
    private let context: USBContext
    private let retryIntervalMs: Int
    private let logger: Logger
    private var handle: USBDeviceHandle?
    private let clock = ContinuousClock()
    private let clockStart = ContinuousClock.now

    /// The scanner matched by `match` (its interface class defaults to 3, HID).
    public init(
        context: USBContext, match: USBDeviceMatch, configuration: ScannerConfiguration,
        retryIntervalMs: Int = 500, logger: Logger = Logger(label: "kiosk.scanner")
    ) {
        var match = match
        if match.interfaceClass == nil { match.interfaceClass = 3 }
        self.match = match
        self.configuration = configuration
        self.context = context
        self.retryIntervalMs = retryIntervalMs
        self.logger = logger
    }

    /// Whether opening had to detach the kernel's usbhid driver.
    public var detachedKernelDriver: Bool { handle?.detachedKernelDriver ?? false }

    /// Opens and claims the scanner unless it already is.
    public func connect() throws(USBError) {
        guard handle == nil else { return }
        let opened = try context.open(match)
        guard opened.interface.endpoint(.interrupt, isIn: true) != nil else {
            opened.close()
            throw .notFound("\(match): scanner interface has no interrupt IN endpoint")
        }
        do {
            try opened.claim()
        } catch {
            opened.close()
            throw error
        }
        handle = opened
    }

    /// Closes the scanner.
    public func disconnect() {
        handle?.close()
        handle = nil
    }

    /// Reads until the calling task is cancelled, calling `onOutcome` for every read and every
    /// dropped piece of garbage (which is also logged). An absent or unplugged scanner is retried
    /// every `retryIntervalMs`; `onConnection` hears of every change.
    public func run(
        onConnection: @Sendable (Result<USBDeviceInfo, USBError>) -> Void = { _ in },
        onOutcome: @Sendable (ScanOutcome) -> Void
    ) async {
        var decoder = ReportDecoder(configuration: configuration)
        var lastError: USBError?
        while !Task.isCancelled {
            do {
                try connect()
                if let handle { onConnection(.success(handle.info)) }
                lastError = nil
                try await readReports(decoder: &decoder, onOutcome: onOutcome)
            } catch {
                disconnect()
                if error != lastError { onConnection(.failure(error)) }
                lastError = error
                try? await Task.sleep(for: .milliseconds(retryIntervalMs))
            }
        }
        disconnect()
    }

    private func readReports(decoder: inout ReportDecoder, onOutcome: @Sendable (ScanOutcome) -> Void) async throws(USBError) {
        guard let handle, let endpoint = handle.interface.endpoint(.interrupt, isIn: true) else { throw .noDevice }
        let pollMs = max(min(configuration.interReadGapMs / 2, 50), 1)
        func nowMs() -> UInt64 { UInt64((clock.now - clockStart) / .milliseconds(1)) }
        while !Task.isCancelled {
            var outcome: ScanOutcome?
            do {
                let report = try await handle.read(endpoint: endpoint, maxLength: endpoint.maxPacketSize, timeoutMs: pollMs)
                outcome = decoder.consume(report: report, atMs: nowMs())
            } catch .timeout {
                outcome = decoder.expire(atMs: nowMs())
            }
            guard let outcome else { continue }
            if case .dropped(let reason) = outcome {
                logger.notice("scanner read dropped", metadata: ["reason": "\(reason)"])
            }
            onOutcome(outcome)
        }
    }
}

/// The decoder for the configured HID protocol.
private enum ReportDecoder {
    case keyboard(HIDKeyboardDecoder)
    case pointOfSale(HIDPOSDecoder)

    init(configuration: ScannerConfiguration) {
        self = configuration.scannerProtocol == .hidPOS
            ? .pointOfSale(HIDPOSDecoder(configuration: configuration))
            : .keyboard(HIDKeyboardDecoder(configuration: configuration))
    }

    mutating func consume(report: [UInt8], atMs: UInt64) -> ScanOutcome? {
        switch self {
        case .keyboard(var decoder):
            defer { self = .keyboard(decoder) }
            return decoder.consume(report: report, atMs: atMs)
        case .pointOfSale(var decoder):
            defer { self = .pointOfSale(decoder) }
            return decoder.consume(report: report, atMs: atMs)
        }
    }

    mutating func expire(atMs: UInt64) -> ScanOutcome? {
        switch self {
        case .keyboard(var decoder):
            defer { self = .keyboard(decoder) }
            return decoder.expire(atMs: atMs)
        case .pointOfSale(var decoder):
            defer { self = .pointOfSale(decoder) }
            return decoder.expire(atMs: atMs)
        }
    }
}
