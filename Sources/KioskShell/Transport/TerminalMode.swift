import Glibc

/// termios settings for the shell's terminals.
public enum TerminalMode {
    /// Baud rates accepted for serial ports.
    public static let baudRates: [Int: speed_t] = [
        9_600: speed_t(B9600), 19_200: speed_t(B19200), 38_400: speed_t(B38400), 57_600: speed_t(B57600),
        115_200: speed_t(B115200), 230_400: speed_t(B230400),
    ]

    /// Puts `fd` in raw mode: no echo, no line editing, no signals from Ctrl-C, bytes as they come.
    /// With `baudRate` also 8N1 at that speed, receiver on, modem lines ignored (a serial port).
    /// Returns the previous settings so a local terminal can be restored.
    @discardableResult
    public static func makeRaw(_ fd: Int32, path: String, baudRate: Int? = nil) throws(ShellTransportError) -> termios {
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { throw .fromErrno("tcgetattr", path) }
        let previous = settings
        cfmakeraw(&settings)
        if let baudRate {
            guard let speed = baudRates[baudRate] else { throw .unsupportedBaudRate(baudRate) }
            settings.c_cflag &= ~(tcflag_t(PARENB | CSTOPB | CSIZE) | tcflag_t(CRTSCTS))
            settings.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD)
            guard cfsetspeed(&settings, speed) == 0 else { throw .fromErrno("cfsetspeed", path) }
        }
        guard tcsetattr(fd, TCSANOW, &settings) == 0 else { throw .fromErrno("tcsetattr", path) }
        return previous
    }

    /// Restores settings saved by ``makeRaw(_:path:baudRate:)``.
    public static func restore(_ fd: Int32, _ settings: termios) {
        var settings = settings
        _ = tcsetattr(fd, TCSANOW, &settings)
    }
}
