#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A serial scale on a tty (RS-232 through a USB adapter, `/dev/ttyUSB0`): asks for a reading
/// every poll interval, parses the replies with ``SerialScaleParser`` and takes stable weights
/// with ``StableWeightFilter``. A request with no reply within the silence time is reported as a
/// silent scale, never as a weight. Reading blocks in `poll`, so it runs on its own thread.
public final class SerialScale: Sendable {
    public let path: String
    public let scaleProtocol: SerialScaleProtocol
    public let baud: Int
    public let configuration: ScaleConfiguration

    /// The baud rates a scale is set to.
    public static let supportedBauds = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]

    public init(path: String, scaleProtocol: SerialScaleProtocol, baud: Int = 9600, configuration: ScaleConfiguration) {
        precondition(Self.supportedBauds.contains(baud), "unsupported baud rate \(baud)")
        self.path = path
        self.scaleProtocol = scaleProtocol
        self.baud = baud
        self.configuration = configuration
    }

    /// Polls until the calling task is cancelled, calling `onEvent` for every weight taken and
    /// every problem that begins.
    public func run(onEvent: @escaping @Sendable (ScaleEvent) -> Void) async throws(SerialScanner.PortError) {
        let descriptor = try openPort()
        await SerialPortThread.run(name: "serial-scale", descriptor: descriptor) { [self] descriptor, stop in
            pollLoop(descriptor: descriptor, stop: stop, onEvent: onEvent)
        }
    }

    private func openPort() throws(SerialScanner.PortError) -> Int32 {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENODEV, ENXIO: throw .notFound(path)
            case EACCES, EPERM: throw .accessDenied(path)
            default: throw .failed(path, errno: errno)
            }
        }
        var settings = termios()
        if tcgetattr(descriptor, &settings) == 0 {
            cfmakeraw(&settings)
            if scaleProtocol.sevenBitsEvenParity {
                settings.c_cflag = (settings.c_cflag & ~tcflag_t(CSIZE | PARODD)) | tcflag_t(CS7 | PARENB)
            }
            settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
            let speed = Self.speed(baud)
            cfsetispeed(&settings, speed)
            cfsetospeed(&settings, speed)
            _ = tcsetattr(descriptor, TCSANOW, &settings)
        }
        return descriptor
    }

    private static func speed(_ baud: Int) -> speed_t {
        switch baud {
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        default: speed_t(B9600)
        }
    }

    private func pollLoop(descriptor: Int32, stop: StopFlag, onEvent: @Sendable (ScaleEvent) -> Void) {
        var parser = SerialScaleParser(scaleProtocol: scaleProtocol)
        var filter = StableWeightFilter(readingsToAgree: configuration.readingsToAgree)
        var buffer = [UInt8](repeating: 0, count: 256)
        let clock = ContinuousClock()
        let start = clock.now
        func nowMs() -> Int { Int((clock.now - start) / .milliseconds(1)) }
        let request = scaleProtocol.request
        var nextRequestAtMs = 0
        var lastReplyAtMs = 0
        var silentSince = 0
        while !stop.isSet {
            let now = nowMs()
            if now >= nextRequestAtMs {
                _ = request.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                nextRequestAtMs = now + configuration.pollIntervalMs
            }
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let waitMs = Int32(max(1, min(nextRequestAtMs - nowMs(), 50)))
            if poll(&waiting, 1, waitMs) > 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    for reading in parser.consume(Array(buffer.prefix(count))) {
                        lastReplyAtMs = nowMs()
                        if let event = filter.consume(reading) { onEvent(event) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    return
                }
            }
            let quietSince = max(lastReplyAtMs, silentSince)
            if nowMs() - quietSince >= configuration.silenceMs {
                silentSince = nowMs()
                if let event = filter.silent() { onEvent(event) }
            }
        }
    }
}
