import Foundation
import Glibc
import Logging
import Synchronization

/// Serves the maintenance shell on the kiosk's terminals: a Unix socket, a simulation PTY, serial ports.
///
/// Every session runs on a thread of its own with non-blocking I/O and a bounded output buffer, so a slow,
/// noisy or vanished terminal never reaches the kiosk's event loop. ``stop()`` ends every session.
public final class ShellServer: Sendable {
    /// The most sessions served at once over the socket; further clients are told so and closed.
    public let maxSocketSessions: Int

    private let environment: ShellEnvironment
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var runners: [SessionRunner] = []
        var listenerFDs: [Int32] = []
        var socketPaths: [String] = []
        var heldFDs: [Int32] = []
        var stopped = false
    }

    /// Where the running kiosk listens and `kiosk shell` looks: `<dataDirectory>/shell.sock`.
    public static func socketPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("shell.sock").path
    }

    /// Transport events (listening, sessions opening and closing) go to `logger`; commands go to the audit log.
    public init(environment: ShellEnvironment, maxSocketSessions: Int = 4, logger: Logger = Logger(label: "kiosk.shell")) {
        self.environment = environment
        self.maxSocketSessions = maxSocketSessions
        self.logger = logger
    }

    /// Listens at `socketPath` (normally `<data-dir>/shell.sock`) for `kiosk shell` clients.
    public func listen(socketPath: String) throws(ShellTransportError) {
        let listener = try UnixSocket.listen(path: socketPath)
        state.withLock {
            $0.listenerFDs.append(listener)
            $0.socketPaths.append(socketPath)
        }
        logger.info("maintenance shell listening", metadata: ["socket": "\(socketPath)"])
        let thread = Thread { [self] in acceptLoop(listener) }
        thread.name = "kiosk-shell-accept"
        thread.start()
    }

    /// Opens a PTY and serves the shell on it; returns the `/dev/pts/N` path to give `picocom`.
    public func openPseudoTerminal() throws(ShellTransportError) -> String {
        let terminal = try PseudoTerminal.open()
        state.withLock { $0.heldFDs.append(terminal.heldClientFD) }
        startSession(fd: terminal.masterFD, endsOnLogout: false, terminal: terminal.clientPath)
        return terminal.clientPath
    }

    /// Serves the shell on the serial port at `path` (raw 8N1 at `baudRate`) for as long as the server
    /// runs, opening it again every `retry_ms` while it is missing: a technician's USB-serial cable is
    /// plugged in after boot and pulled when they leave (the session ends on the hang-up, logged out).
    /// Returns whether the port opened now; throws only for a baud rate no port can take.
    @discardableResult
    public func keepSerialPort(path: String, baudRate: Int, retry_ms: Int32 = 2_000) throws(ShellTransportError) -> Bool {
        guard TerminalMode.baudRates[baudRate] != nil else { throw .unsupportedBaudRate(baudRate) }
        let first = try? SerialPort.open(path: path, baudRate: baudRate)
        if first == nil {
            logger.notice("serial port not there yet; it is opened when it appears", metadata: ["port": "\(path)"])
        }
        let thread = Thread { [self] in
            keepServing(path: path, baudRate: baudRate, retry_ms: retry_ms, opened: first)
        }
        thread.name = "kiosk-shell-serial"
        thread.start()
        return first != nil
    }

    /// Runs one session on the calling thread over `inputFD`/`outputFD` (the current terminal for a
    /// standalone `kiosk shell`), until logout or end of input. The descriptors stay open.
    public func serveOnCurrentThread(inputFD: Int32, outputFD: Int32) {
        let environment = environment
        let runner = SessionRunner(
            inputFD: inputFD, outputFD: outputFD, closesDescriptors: false,
            outputLimit_bytes: environment.configuration.outputBuffer_bytes, terminal: "local terminal", logger: logger
        ) { ShellSession(environment: environment, endsOnLogout: true) }
        runner.run()
    }

    /// Ends every session and listener; removes the socket files.
    public func stop() {
        let stopped = state.withLock { state -> State in
            let snapshot = state
            state = State()
            state.stopped = true
            return snapshot
        }
        for runner in stopped.runners { runner.stop() }
        for fd in stopped.listenerFDs { shutdown(fd, Int32(SHUT_RDWR)) }
        for path in stopped.socketPaths { unlink(path) }
        for fd in stopped.heldFDs { close(fd) }
    }

    /// How many sessions are running (all transports).
    public var activeSessionCount: Int {
        state.withLock { $0.runners.filter { !$0.isFinished }.count }
    }

    private func startSession(fd: Int32, endsOnLogout: Bool, terminal: String) {
        let runner = makeRunner(fd: fd, endsOnLogout: endsOnLogout, terminal: terminal)
        if register(runner) {
            runner.start()
        } else {
            close(fd)
        }
    }

    private func makeRunner(fd: Int32, endsOnLogout: Bool, terminal: String) -> SessionRunner {
        let environment = environment
        return SessionRunner(
            inputFD: fd, outputFD: fd, closesDescriptors: true,
            outputLimit_bytes: environment.configuration.outputBuffer_bytes, terminal: terminal, logger: logger
        ) { ShellSession(environment: environment, endsOnLogout: endsOnLogout) }
    }

    /// Adds `runner` to the sessions ``stop()`` ends; false once the server has stopped.
    private func register(_ runner: SessionRunner) -> Bool {
        state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.runners.removeAll { $0.isFinished }
            state.runners.append(runner)
            return true
        }
    }

    /// The serial keeper's loop: one session at a time on this thread, the port reopened after each.
    private func keepServing(path: String, baudRate: Int, retry_ms: Int32, opened: Int32?) {
        var descriptor = opened
        let terminal = "\(path) \(baudRate) 8N1"
        while !state.withLock({ $0.stopped }) {
            if descriptor == nil {
                descriptor = try? SerialPort.open(path: path, baudRate: baudRate)
                if descriptor != nil { logger.notice("serial port opened", metadata: ["port": "\(path)"]) }
            }
            if let fd = descriptor {
                descriptor = nil
                let runner = makeRunner(fd: fd, endsOnLogout: false, terminal: terminal)
                guard register(runner) else {
                    close(fd)
                    return
                }
                runner.run()
                logger.notice("serial port closed; waiting for it to come back", metadata: ["port": "\(path)"])
            }
            // Also after a session: a port that fails at once must not be reopened in a busy loop.
            var waited: Int32 = 0
            while waited < retry_ms, !state.withLock({ $0.stopped }) {
                usleep(useconds_t(min(SessionRunner.tick_ms, retry_ms - waited)) * 1_000)
                waited += SessionRunner.tick_ms
            }
        }
    }

    private func acceptLoop(_ listener: Int32) {
        defer { close(listener) }
        while true {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, SessionRunner.tick_ms)
            if state.withLock({ $0.stopped }) { return }
            guard ready > 0 else { continue }
            guard descriptor.revents & Int16(POLLIN) != 0 else { return }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            if activeSessionCount >= maxSocketSessions {
                logger.warning("maintenance shell busy; client refused", metadata: ["sessions": "\(maxSocketSessions)"])
                let notice = Array("shell busy, try later 维护会话已满\r\n".utf8)
                _ = notice.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
                close(client)
                continue
            }
            startSession(fd: client, endsOnLogout: true, terminal: "socket client")
        }
    }
}
