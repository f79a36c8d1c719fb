import KioskShell

/// A shell served on a fresh PTY with a technician's terminal attached to it.
final class ShellConnection {
    let server: ShellServer
    let terminal: TerminalPeer

    init(_ environment: ShellEnvironment) throws {
        server = ShellServer(environment: environment)
        terminal = try TerminalPeer(ptyPath: try server.openPseudoTerminal())
    }

    deinit { server.stop() }

    /// Logs in and waits for the welcome line.
    func logIn(_ name: String, pin: String) throws {
        try terminal.enterLogin(name, pin: pin)
        try terminal.expect("Welcome, \(name)")
    }

    /// Runs `command` and returns its output up to the next prompt.
    @discardableResult
    func run(_ command: String, prompt: String = "kiosk:wang# ") throws -> String {
        terminal.send(command + "\r")
        try terminal.expect(command + "\r\n")
        return try terminal.expect(prompt)
    }
}
