import Foundation
import Glibc
import KioskShell
import Testing

@Suite struct TransportTests {
    @Test func aSerialPortIsServedRaw8N1() throws {
        let fixture = try ShellFixture()
        let line = try PseudoTerminal.open()
        defer { close(line.heldClientFD) }
        let server = ShellServer(environment: fixture.environment())
        defer { server.stop() }
        #expect(try server.keepSerialPort(path: line.clientPath, baudRate: 115_200))
        let cable = TerminalPeer(fd: line.masterFD)
        try cable.expect("kiosk> ")
        try cable.enterLogin("wang", pin: ShellFixture.technicianPIN)
        try cable.expect("kiosk:wang# ")
        cable.send("scanner last\r")
        try cable.expect("6901234567892")

        var settings = termios()
        let port = open(line.clientPath, O_RDWR | O_NOCTTY)
        defer { close(port) }
        #expect(tcgetattr(port, &settings) == 0)
        #expect(cfgetospeed(&settings) == speed_t(B115200))
        #expect(settings.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(settings.c_cflag & tcflag_t(PARENB | CSTOPB) == 0)
        #expect(settings.c_lflag & tcflag_t(ICANON | ECHO) == 0)
    }

    /// The session runner checks inactivity on its own while the terminal is silent: the shell's clock is
    /// moved past the limit and the logout reaches the PTY without any input.
    @Test func inactivityEndsASilentSessionOverThePTY() throws {
        let fixture = try ShellFixture()
        let clock = FakeShellClock()
        var environment = fixture.environment(idleTimeout_ms: 400)
        environment.clock = clock
        let shell = try ShellConnection(environment)
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        try shell.terminal.expect("kiosk:wang# ")
        clock.advance(by: 400)
        try shell.terminal.expect("Logged out after inactivity.", timeout_ms: 3_000)
        try shell.terminal.expect("kiosk> ")
    }

    @Test func unsupportedBaudRatesAreRefused() throws {
        let fixture = try ShellFixture()
        let server = ShellServer(environment: fixture.environment())
        #expect(throws: ShellTransportError.unsupportedBaudRate(12_345)) {
            try server.keepSerialPort(path: "/dev/null", baudRate: 12_345)
        }
    }

    /// A USB-serial cable pulled and plugged back (here: the PTY behind the port's path closed, and a new
    /// one put behind the same path) gets a fresh, logged-out session without restarting the kiosk.
    @Test func aSerialPortThatGoesAwayIsServedAgainWhenItComesBack() throws {
        let fixture = try ShellFixture()
        let port = fixture.directory + "/ttyUSB-kiosk"
        let first = try PseudoTerminal.open()
        close(first.heldClientFD)
        #expect(symlink(first.clientPath, port) == 0)
        let server = ShellServer(environment: fixture.environment())
        defer { server.stop() }
        #expect(try server.keepSerialPort(path: port, baudRate: 115_200, retry_ms: 100))

        var cable: TerminalPeer? = TerminalPeer(fd: first.masterFD)
        try cable?.expect("kiosk> ")
        try cable?.enterLogin("wang", pin: ShellFixture.technicianPIN)
        try cable?.expect("kiosk:wang# ")
        cable = nil

        let second = try PseudoTerminal.open()
        close(second.heldClientFD)
        #expect(unlink(port) == 0 && symlink(second.clientPath, port) == 0)
        let replugged = TerminalPeer(fd: second.masterFD)
        try replugged.expect("kiosk> ", timeout_ms: 10_000)
        replugged.send("scanner last\r")
        try replugged.expect("kiosk> ")
    }

    @Test func aSerialPortMissingAtBootIsServedOnceItAppears() throws {
        let fixture = try ShellFixture()
        let port = fixture.directory + "/ttyUSB-later"
        let server = ShellServer(environment: fixture.environment())
        defer { server.stop() }
        #expect(try server.keepSerialPort(path: port, baudRate: 115_200, retry_ms: 100) == false)

        let line = try PseudoTerminal.open()
        close(line.heldClientFD)
        #expect(symlink(line.clientPath, port) == 0)
        let cable = TerminalPeer(fd: line.masterFD)
        try cable.expect("kiosk> ", timeout_ms: 10_000)
    }

    @Test func socketClientsLogInAndLogoutClosesTheConnection() throws {
        let fixture = try ShellFixture()
        let server = ShellServer(environment: fixture.environment())
        defer { server.stop() }
        let path = fixture.directory + "/shell.sock"
        try server.listen(socketPath: path)
        #expect(throws: ShellTransportError.socketInUse(path)) { try ShellServer(environment: fixture.environment()).listen(socketPath: path) }
        let client = TerminalPeer(fd: try ShellClient.connect(socketPath: path))
        try client.expect("kiosk> ")
        try client.enterLogin("wang", pin: ShellFixture.technicianPIN)
        client.send("db stats\r")
        try client.expect("technicians: 2")
        client.send("logout\r")
        try client.expect("Logged out.")
        #expect(client.isClosed())
    }

    /// A terminal that never reads gets a bounded amount of output and a notice; other sessions carry on.
    @Test func aTerminalThatStopsReadingNeitherStallsNorGrowsTheShell() throws {
        let fixture = try ShellFixture()
        var environment = fixture.environment()
        environment.configuration.outputBuffer_bytes = 8 * 1024
        let server = ShellServer(environment: environment)
        defer { server.stop() }
        let path = fixture.directory + "/shell.sock"
        try server.listen(socketPath: path)

        let stalled = TerminalPeer(fd: try ShellClient.connect(socketPath: path))
        var receiveBuffer: Int32 = 4096
        setsockopt(stalled.fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        let login = Array("login wang\r\(ShellFixture.technicianPIN)\r".utf8)
        let flood = Array(String(repeating: "log tail 200\r", count: 300).utf8)
        _ = (login + flood).withUnsafeBytes { write(stalled.fd, $0.baseAddress, $0.count) }
        // The stall is in effect once the session has run (and audited) the whole flood into a terminal
        // that reads nothing.
        #expect(try eventually(timeout_ms: 20_000) {
            try fixture.store.recent(limit: 400).filter { $0.command == "log tail 200" }.count == 300
        }, "the stalled session ran every flooded command")

        let started = Date()
        let other = TerminalPeer(fd: try ShellClient.connect(socketPath: path))
        try other.enterLogin("li", pin: ShellFixture.operatorPIN)
        other.send("status\r")
        try other.expect("open orders")
        #expect(Date().timeIntervalSince(started) < 2)

        try stalled.expect("bytes of output dropped", timeout_ms: 10_000)
    }
}

@Suite struct ShellClientTests {
    /// `kiosk shell` attached to a running kiosk: the relay carries keystrokes in and answers out.
    @Test func theRelayCarriesASessionBothWays() throws {
        let fixture = try ShellFixture()
        let server = ShellServer(environment: fixture.environment())
        defer { server.stop() }
        let path = ShellServer.socketPath(dataDirectory: fixture.directory)
        try server.listen(socketPath: path)
        var keyboard: [Int32] = [0, 0]
        var screen: [Int32] = [0, 0]
        #expect(pipe(&keyboard) == 0 && pipe(&screen) == 0)
        let socket = try ShellClient.connect(socketPath: path)
        let (keys, screenWriter) = (keyboard[0], screen[1])
        let relay = Thread {
            ShellClient.relay(socket: socket, inputFD: keys, outputFD: screenWriter)
            close(screenWriter)
        }
        relay.start()
        let typist = TerminalPeer(fd: keyboard[1])
        let display = TerminalPeer(fd: screen[0])
        typist.send("login wang\r\(ShellFixture.technicianPIN)\r")
        try display.expect("kiosk:wang# ")
        typist.send("orders show 7\r")
        try display.expect("soy sauce x2")
        typist.send("logout\r")
        try display.expect("Logged out.")
        #expect(display.isClosed(), "the relay ends when the kiosk closes the session")
        close(keys)
    }
}
