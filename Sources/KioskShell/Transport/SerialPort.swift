import Glibc

/// A real serial port (USB-serial cable or the board's UART), opened raw 8N1.
public enum SerialPort {
    /// Opens `path` at `baudRate`, 8 data bits, no parity, 1 stop bit, raw, without becoming its controlling terminal.
    public static func open(path: String, baudRate: Int) throws(ShellTransportError) -> Int32 {
        guard TerminalMode.baudRates[baudRate] != nil else { throw .unsupportedBaudRate(baudRate) }
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw .fromErrno("open", path) }
        do {
            try TerminalMode.makeRaw(fd, path: path, baudRate: baudRate)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }
}
