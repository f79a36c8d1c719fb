/// A USB HID numeric keypad: digits, Enter, +, − and function keys mapped to actions.
public typealias USBKeypad = USBHIDInput<KeypadDecoder>

extension KeypadDecoder: HIDReportHandler {
    public mutating func consume(report: [UInt8], atMs: UInt64) -> [KeypadInput] {
        consume(report: report)
    }

    public func idle(atMs: UInt64) -> [KeypadInput] { [] }

    /// A keypad key is complete in its report: nothing waits on time.
    public var deadlineMs: UInt64? { nil }
}
