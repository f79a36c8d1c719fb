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
