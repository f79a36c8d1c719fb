#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// A CDC-ACM scanner read as a serial port (`/dev/ttyACM0`), in raw mode. Reading blocks in
/// `poll` with a timeout, so it runs on its own thread rather than in the task pool.
public final class SerialScanner: Sendable {
    /// The serial device path.
    public let path: String
    /// How reads are cut and filtered.
    public let configuration: ScannerConfiguration
    private let logger: Logger

    /// A scanner on the tty at `path`.
    public init(path: String, configuration: ScannerConfiguration, logger: Logger = Logger(label: "kiosk.scanner.serial")) {
        self.path = path
        self.configuration = configuration
        self.logger = logger
    }

    /// Why the port could not be used.
    public enum PortError: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case accessDenied(String)
        case failed(String, errno: Int32)

        public var description: String {
            switch self {
            case .notFound(let path): "serial scanner not found: \(path)"
            case .accessDenied(let path): "permission denied on \(path): add the user to the dialout group"
            case .failed(let path, let code): "cannot use \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Reads until the calling task is cancelled (checked every poll interval), calling
    /// `onOutcome` for every read and dropped piece of garbage (which is also logged).
    public func run(onOutcome: @escaping @Sendable (ScanOutcome) -> Void) async throws(PortError) {
        let descriptor = try openRaw()
        await SerialPortThread.run(name: "serial-scanner", descriptor: descriptor) { [self] descriptor, stop in
            readLoop(descriptor: descriptor, stop: stop, onOutcome: onOutcome)
        }
    }

    private func openRaw() throws(PortError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
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
            _ = tcsetattr(descriptor, TCSANOW, &settings)
        }
        return descriptor
    }

    private func readLoop(descriptor: Int32, stop: StopFlag, onOutcome: @Sendable (ScanOutcome) -> Void) {
        var decoder = SerialScanDecoder(configuration: configuration)
        var buffer = [UInt8](repeating: 0, count: 256)
        let clock = ContinuousClock()
        let start = clock.now
        func nowMs() -> UInt64 { UInt64((clock.now - start) / .milliseconds(1)) }
        let pollMs = Int32(max(min(configuration.interReadGapMs / 2, 50), 1))
        while !stop.isSet {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, pollMs)
            var outcomes: [ScanOutcome] = []
            if ready > 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    outcomes = decoder.consume(Array(buffer.prefix(count)), atMs: nowMs())
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) || waiting.revents & Int16(POLLHUP) != 0 {
                    logger.warning("serial scanner closed", metadata: ["path": "\(path)"])
                    return
                }
            } else if let expired = decoder.expire(atMs: nowMs()) {
                outcomes = [expired]
            }
            for outcome in outcomes {
                if case .dropped(let reason) = outcome {
                    logger.notice("scanner read dropped", metadata: ["reason": "\(reason)"])
                }
                onOutcome(outcome)
            }
        }
    }
}
