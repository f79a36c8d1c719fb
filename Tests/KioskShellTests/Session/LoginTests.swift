import Foundation
import KioskShell
import KioskStore
import Testing

/// Logging in, run in-process (the transports have their own tests).
@Suite struct LoginTests {
    @Test func onlyLoginWorksUntilAValidPINIsEntered() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(fixture.environment(), clock: FakeShellClock())
        try shell.expect("Type login NAME")
        try shell.expect("kiosk> ")
        shell.send("status\r")
        try shell.expect("Log in first")
        shell.enterLogin("wang", pin: "2468")
        let answer = try shell.expect("kiosk:wang# ")
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
        let shell = InProcessShell(fixture.environment(), clock: FakeShellClock())
        shell.enterLogin("wang", pin: "1111")
        try shell.expect("Login failed.")
        shell.enterLogin("nobody", pin: "1111")
        try shell.expect("Login failed.")
        shell.send("orders list\r")
        try shell.expect("Log in first")
        let outcomes = try fixture.store.recent(limit: 10).map(\.outcome)
        #expect(outcomes == ["login failed (1)", "login failed: unknown name"])
        #expect(try fixture.store.account(named: "wang")?.failedAttempts == 1)
    }

    @Test func operatorsMayLookButNotChange() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(fixture.environment(), clock: FakeShellClock())
        try shell.logIn("li", pin: ShellFixture.operatorPIN)
        #expect(try shell.run("orders list", prompt: "kiosk:li> ").contains("S20261123-0007"))
        #expect(try shell.run("db backup", prompt: "kiosk:li> ").contains("Permission denied"))
        #expect(try shell.run("help", prompt: "kiosk:li> ").contains("reboot") == false)
        #expect(try fixture.store.recent(limit: 2).map(\.outcome) == ["denied", "ok"])
    }

    @Test func messagesAreChineseByDefault() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(fixture.environment(language: .chinese), clock: FakeShellClock())
        try shell.expect("维护控制台")
        shell.enterLogin("wang", pin: "9999")
        try shell.expect("登录失败。")
    }
}
