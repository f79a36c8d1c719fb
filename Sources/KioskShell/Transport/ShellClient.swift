import Glibc

/// `kiosk shell` attached to a running kiosk: relays the current terminal to the kiosk's shell socket.
public enum ShellClient {
    /// Connects to `socketPath`, or throws if no kiosk answers there.
    public static func connect(socketPath: String) throws(ShellTransportError) -> Int32 {
        try UnixSocket.connect(path: socketPath)
    }

    /// Relays `inputFD` to the socket and the socket to `outputFD` until the kiosk closes the session.
    /// The socket is closed on return.
    public static func relay(socket: Int32, inputFD: Int32, outputFD: Int32) {
        defer { close(socket) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var inputOpen = true
        while true {
            var descriptors = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inputOpen ? inputFD : -1, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&descriptors, 2, -1) >= 0 || errno == EINTR else { return }
            if descriptors[0].revents != 0 {
                let count = read(socket, &buffer, buffer.count)
                guard count > 0, writeAll(outputFD, buffer[..<count], toSocket: false) else { return }
            }
            if descriptors[1].revents != 0 {
                let count = read(inputFD, &buffer, buffer.count)
                if count <= 0 {
                    inputOpen = false
                    shutdown(socket, Int32(SHUT_WR))
                } else if !writeAll(socket, buffer[..<count], toSocket: true) {
                    return
                }
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, toSocket: Bool) -> Bool {
        var remaining = bytes
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { buffer in
                toSocket ? send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) : write(fd, buffer.baseAddress, buffer.count)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            remaining = remaining.dropFirst(written)
        }
        return true
    }
}
