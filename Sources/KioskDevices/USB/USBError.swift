import CLibUSB

/// A libusb failure, named for what a technician must do about it.
public enum USBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No connected device matches.
    case notFound(String)
    /// Another process or a kernel driver holds the interface.
    case busy
    /// The device node is not writable by this user: the udev rule is missing.
    case accessDenied
    /// The device was unplugged.
    case noDevice
    /// The transfer did not complete in time.
    case timeout
    /// The endpoint stalled (the device refused the request).
    case stall
    /// Any other libusb error, with libusb's name for it.
    case other(code: Int32, name: String)

    /// The error for a negative libusb return code.
    public init(code: Int32) {
        switch code {
        case LIBUSB_ERROR_BUSY.rawValue: self = .busy
        case LIBUSB_ERROR_ACCESS.rawValue: self = .accessDenied
        case LIBUSB_ERROR_NO_DEVICE.rawValue: self = .noDevice
        case LIBUSB_ERROR_NOT_FOUND.rawValue: self = .notFound("libusb: entity not found")
        case LIBUSB_ERROR_TIMEOUT.rawValue: self = .timeout
        case LIBUSB_ERROR_PIPE.rawValue: self = .stall
        default: self = .other(code: code, name: String(cString: libusb_error_name(code)))
        }
    }

    /// The error for a finished transfer's status, or `nil` when it completed.
    init?(transferStatus: libusb_transfer_status) {
        switch transferStatus {
        case LIBUSB_TRANSFER_COMPLETED: return nil
        case LIBUSB_TRANSFER_TIMED_OUT: self = .timeout
        case LIBUSB_TRANSFER_NO_DEVICE: self = .noDevice
        case LIBUSB_TRANSFER_STALL: self = .stall
        case LIBUSB_TRANSFER_CANCELLED: self = .other(code: LIBUSB_ERROR_INTERRUPTED.rawValue, name: "cancelled")
        default: self = .other(code: LIBUSB_ERROR_IO.rawValue, name: "transfer error")
        }
    }

    /// What to tell the technician.
    public var description: String {
        switch self {
        case .notFound(let what): "device not found: \(what)"
        case .busy: "device busy: another program or a kernel driver holds it"
        case .accessDenied: "permission denied: install the udev rule (scripts/install-udev-rules) and re-plug the device"
        case .noDevice: "device unplugged"
        case .timeout: "device did not answer in time"
        case .stall: "device refused the request (endpoint stalled)"
        case .other(let code, let name): "USB error \(code) (\(name))"
        }
    }
}

/// Throws the libusb error for a negative return code; returns non-negative codes.
@discardableResult
func checkUSB(_ code: Int32) throws(USBError) -> Int32 {
    if code < 0 { throw USBError(code: code) }
    return code
}
