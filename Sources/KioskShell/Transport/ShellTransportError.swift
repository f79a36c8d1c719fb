import Glibc

/// Why a shell transport could not be opened.
public enum ShellTransportError: Error, Equatable, Sendable {
    /// A system call failed: which, on what, and `strerror`.
    case system(call: String, path: String, reason: String)
    /// The baud rate is not one termios offers.
    case unsupportedBaudRate(Int)
    /// The socket path does not fit in `sockaddr_un`.
    case socketPathTooLong(String)
    /// Another kiosk already answers on the socket.
    case socketInUse(String)

    static func fromErrno(_ call: String, _ path: String) -> ShellTransportError {
        .system(call: call, path: path, reason: String(cString: strerror(errno)))
    }
}

extension ShellTransportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .system(let call, let path, let reason): "\(path): \(call) failed: \(reason)"
        case .unsupportedBaudRate(let rate): "unsupported baud rate \(rate) (use \(TerminalMode.baudRates.keys.sorted().map(String.init).joined(separator: ", ")))"
        case .socketPathTooLong(let path): "socket path too long: \(path)"
        case .socketInUse(let path): "another kiosk already answers at \(path)"
        }
    }
}
