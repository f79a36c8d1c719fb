import Logging

/// A USB HID barcode scanner (keyboard wedge or HID-POS).
public typealias USBScanner = USBHIDInput<ScannerReportHandler>

extension USBHIDInput where Handler == ScannerReportHandler {
    /// The scanner matched by `match`, decoding reads as `configuration` says; dropped garbage is
    /// logged with its reason.
    public init(
        context: USBContext, match: USBDeviceMatch, configuration: ScannerConfiguration,
        retryIntervalMs: Int = 500, logger: Logger = Logger(label: "kiosk.scanner")
    ) {
        self.init(
            context: context, match: match, handler: ScannerReportHandler(configuration: configuration, logger: logger),
            retryIntervalMs: retryIntervalMs)
    }
}

/// Decodes a HID scanner's reports with the decoder for its protocol.
public struct ScannerReportHandler: HIDReportHandler {
    private var decoder: Decoder
    private let logger: Logger

    private enum Decoder {
        case keyboard(HIDKeyboardDecoder)
        case pointOfSale(HIDPOSDecoder)
    }

    /// A handler for a scanner configured so.
    public init(configuration: ScannerConfiguration, logger: Logger) {
        decoder = configuration.scannerProtocol == .hidPOS
            ? .pointOfSale(HIDPOSDecoder(configuration: configuration))
            : .keyboard(HIDKeyboardDecoder(configuration: configuration))
        self.logger = logger
    }

    public mutating func consume(report: [UInt8], atMs: UInt64) -> [ScanOutcome] {
        switch decoder {
        case .keyboard(var keyboard):
            defer { decoder = .keyboard(keyboard) }
            return logged(keyboard.consume(report: report, atMs: atMs))
        case .pointOfSale(var pointOfSale):
            defer { decoder = .pointOfSale(pointOfSale) }
            return logged(pointOfSale.consume(report: report, atMs: atMs))
        }
    }

    public var deadlineMs: UInt64? {
        switch decoder {
        case .keyboard(let keyboard): keyboard.gapDeadlineMs
        case .pointOfSale(let pointOfSale): pointOfSale.gapDeadlineMs
        }
    }

    public mutating func idle(atMs: UInt64) -> [ScanOutcome] {
        switch decoder {
        case .keyboard(var keyboard):
            defer { decoder = .keyboard(keyboard) }
            return logged(keyboard.expire(atMs: atMs))
        case .pointOfSale(var pointOfSale):
            defer { decoder = .pointOfSale(pointOfSale) }
            return logged(pointOfSale.expire(atMs: atMs))
        }
    }

    private func logged(_ outcome: ScanOutcome?) -> [ScanOutcome] {
        guard let outcome else { return [] }
        if case .dropped(let reason) = outcome {
            logger.notice("scanner read dropped", metadata: ["reason": "\(reason)"])
        }
        return [outcome]
    }
}
