import Foundation
import KioskShell
import KioskStore
import Testing

@Suite struct PtyLoginTests {
    @Test func onlyLoginWorksUntilAValidPINIsEntered() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment())
        try shell.terminal.expect("Type login NAME")
        try shell.terminal.expect("kiosk> ")
        shell.terminal.send("status\r")
        try shell.terminal.expect("Log in first")
        try shell.terminal.enterLogin("wang", pin: "2468")
        let answer = try shell.terminal.expect("kiosk:wang# ")
        #expect(answer.contains("Welcome, wang (technician)"))
        #expect(!answer.contains("2468"), "the PIN is not echoed")
        #expect(try shell.run("status").contains("open orders 未结订单: 1"))
        let audit = try fixture.store.recent(limit: 10)
        #expect(audit.contains { $0.who == "wang" && $0.command == "login wang" && $0.outcome == "login ok" })
        #expect(audit.last?.command == "status" && audit.last?.outcome == "ok")
        #expect(!audit.contains { $0.command.contains("2468") })
    }

    @Test func aWrongPINOrUnknownNameFailsAndIsAudited() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment())
        try shell.terminal.enterLogin("wang", pin: "1111")
        try shell.terminal.expect("Login failed.")
        try shell.terminal.enterLogin("nobody", pin: "1111")
        try shell.terminal.expect("Login failed.")
        shell.terminal.send("orders list\r")
        try shell.terminal.expect("Log in first")
        let outcomes = try fixture.store.recent(limit: 10).map(\.outcome)
        #expect(outcomes == ["login failed (1)", "login failed: unknown name"])
        #expect(try fixture.store.account(named: "wang")?.failedAttempts == 1)
    }

    @Test func operatorsMayLookButNotChange() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment())
        try shell.logIn("li", pin: ShellFixture.operatorPIN)
        #expect(try shell.run("orders list", prompt: "kiosk:li> ").contains("S20261123-0007"))
        #expect(try shell.run("db backup", prompt: "kiosk:li> ").contains("Permission denied"))
        #expect(try shell.run("help", prompt: "kiosk:li> ").contains("reboot") == false)
        #expect(try fixture.store.recent(limit: 2).map(\.outcome) == ["denied", "ok"])
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

    @Test func messagesAreChineseByDefault() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment(language: .chinese))
        try shell.terminal.expect("维护控制台")
        try shell.terminal.enterLogin("wang", pin: "9999")
        try shell.terminal.expect("登录失败。")
    }
}
