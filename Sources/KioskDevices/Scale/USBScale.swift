/// A USB HID point-of-sale scale (usage page 0x8D), read through libusb like the scanner.
public typealias USBScale = USBHIDInput<ScaleReportHandler>

extension USBHIDInput where Handler == ScaleReportHandler {
    /// The scale matched by `match`; a weight is taken once `readingsToAgree` stable reports agree.
    public init(context: USBContext, match: USBDeviceMatch, configuration: ScaleConfiguration, retryIntervalMs: Int = 500) {
        self.init(context: context, match: match, handler: ScaleReportHandler(configuration: configuration), retryIntervalMs: retryIntervalMs)
    }

    /// Asks the scale to zero itself through its control feature report. A scale without one
    /// refuses (``USBError/stall``): it must be zeroed with its own key.
    public func zero() throws(USBError) {
        try sendFeatureReport(HIDScaleDecoder.zeroFeatureReport)
    }
}

/// How a scale's weights are taken.
public struct ScaleConfiguration: Sendable, Equatable {
    /// Stable readings in a row that must give the same grams before the weight is taken.
    public var readingsToAgree: Int
    /// A scale that sends nothing for this long is reported silent.
    public var silenceMs: Int
    /// How often a serial scale is asked for a reading.
    public var pollIntervalMs: Int

    public init(readingsToAgree: Int = 3, silenceMs: Int = 2000, pollIntervalMs: Int = 200) {
        precondition(readingsToAgree >= 1 && silenceMs > 0 && pollIntervalMs > 0, "scale timing must be positive")
        self.readingsToAgree = readingsToAgree
        self.silenceMs = silenceMs
        self.pollIntervalMs = pollIntervalMs
    }
}

/// Decodes a HID scale's reports and takes stable weights from them.
public struct ScaleReportHandler: HIDReportHandler {
    private var filter: StableWeightFilter
    private let silenceMs: UInt64
    private var lastReportAtMs: UInt64?
    private var startedAtMs: UInt64?

    public init(configuration: ScaleConfiguration) {
        filter = StableWeightFilter(readingsToAgree: configuration.readingsToAgree)
        silenceMs = UInt64(configuration.silenceMs)
    }

    public mutating func consume(report: [UInt8], atMs: UInt64) -> [ScaleEvent] {
        lastReportAtMs = atMs
        guard let reading = HIDScaleDecoder.reading(report: report), let event = filter.consume(reading) else { return [] }
        return [event]
    }

    public var deadlineMs: UInt64? {
        (lastReportAtMs ?? startedAtMs).map { $0 + silenceMs }
    }

    public mutating func idle(atMs: UInt64) -> [ScaleEvent] {
        guard let since = lastReportAtMs ?? startedAtMs else {
            startedAtMs = atMs
            return []
        }
        guard atMs >= since + silenceMs, let event = filter.silent() else { return [] }
        return [event]
    }
}
