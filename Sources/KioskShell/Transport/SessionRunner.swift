import Foundation
import Glibc
import Logging
import Synchronization

/// Runs one ``ShellSession`` over a pair of file descriptors on a thread of its own.
///
/// The descriptors are non-blocking and watched with `poll`: a terminal that stops reading fills only the
/// bounded ``OutputBuffer``, and a vanished one ends the session; neither touches the kiosk's event loop.
final class SessionRunner: Sendable {
    /// How often the runner wakes without input, to check inactivity and stop requests.
    static let tick_ms: Int32 = 200
    /// The most bytes read at once.
    static let readChunk = 4096

    private let inputFD: Int32
    private let outputFD: Int32
    private let closesDescriptors: Bool
    private let makeSession: @Sendable () -> ShellSession
    private let outputLimit_bytes: Int
    private let terminal: String
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Serves `makeSession()` on `inputFD`/`outputFD` (the same descriptor for sockets and PTYs).
    init(
        inputFD: Int32, outputFD: Int32, closesDescriptors: Bool, outputLimit_bytes: Int, terminal: String,
        logger: Logger, makeSession: @escaping @Sendable () -> ShellSession
    ) {
        self.terminal = terminal
        self.logger = logger
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.closesDescriptors = closesDescriptors
        self.outputLimit_bytes = outputLimit_bytes
        self.makeSession = makeSession
    }

    /// True once the session has ended.
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Starts the session on a new thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "kiosk-shell"
        thread.start()
    }

    /// Asks the session to end; it does within one tick.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
    }

    /// Runs the session on the calling thread until it ends, the peer goes away or ``stop()`` is called.
    func run() {
        let descriptors = Array(Set([inputFD, outputFD]))
        let savedFlags = descriptors.map { fcntl($0, F_GETFL) }
        defer {
            if closesDescriptors {
                descriptors.forEach { close($0) }
            } else {
                for (fd, flags) in zip(descriptors, savedFlags) { _ = fcntl(fd, F_SETFL, flags) }
            }
            finished.store(true, ordering: .releasing)
            logger.info("maintenance shell session ended", metadata: ["terminal": "\(terminal)"])
        }
        logger.info("maintenance shell session started", metadata: ["terminal": "\(terminal)"])
        for (fd, flags) in zip(descriptors, savedFlags) {
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        }
        let outputIsSocket = Self.isSocket(outputFD)
        let session = makeSession()
        var output = OutputBuffer(limit_bytes: outputLimit_bytes)
        var readBuffer = [UInt8](repeating: 0, count: Self.readChunk)
        output.append(session.start())
        while !stopRequested.load(ordering: .acquiring) {
            var descriptors = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)]
            if !output.isEmpty {
                descriptors.append(pollfd(fd: outputFD, events: Int16(POLLOUT), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.tick_ms)
            if ready < 0 && errno != EINTR { return }
            if descriptors.count > 1, descriptors[1].revents & Int16(POLLOUT) != 0 {
                guard flush(&output, toSocket: outputIsSocket) else { return }
            }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                let count = read(inputFD, &readBuffer, Self.readChunk)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { return }
                if count > 0 { output.append(session.receive(readBuffer[..<count])) }
            } else if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return
            }
            output.append(session.tick())
            if session.isFinished {
                drain(&output, toSocket: outputIsSocket)
                return
            }
        }
    }

    /// Writes what the terminal accepts now; false when the peer is gone.
    private func flush(_ output: inout OutputBuffer, toSocket: Bool) -> Bool {
        let pending = output.pending
        guard !pending.isEmpty else {
            output.consume(0)
            return true
        }
        // MSG_NOSIGNAL: a client that hung up must not raise SIGPIPE in the kiosk.
        let written = pending.withUnsafeBytes { bytes in
            toSocket ? send(outputFD, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) : write(outputFD, bytes.baseAddress, bytes.count)
        }
        if written > 0 {
            output.consume(written)
            return true
        }
        return written < 0 && (errno == EAGAIN || errno == EINTR)
    }

    /// Gives a closing session's last words up to one second to go out.
    private func drain(_ output: inout OutputBuffer, toSocket: Bool) {
        for _ in 0..<5 where !output.isEmpty {
            var descriptor = pollfd(fd: outputFD, events: Int16(POLLOUT), revents: 0)
            guard poll(&descriptor, 1, Self.tick_ms) >= 0, flush(&output, toSocket: toSocket) else { return }
        }
    }

    private static func isSocket(_ fd: Int32) -> Bool {
        var status = stat()
        return fstat(fd, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
    }
}
