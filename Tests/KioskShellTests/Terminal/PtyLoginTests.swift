import Foundation
import GRDB
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

    @Test func failuresSlowDownAfterTheThirdAndLockAfterTheFifthAcrossRestarts() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment(login: LoginPolicy(firstDelay_ms: 200)))
        var elapsed_ms: [Int] = []
        for _ in 1...4 {
            shell.terminal.send("login wang\r")
            try shell.terminal.expect("PIN: ")
            let started = Date()
            shell.terminal.send("0000\r")
            try shell.terminal.expect("Login failed.")
            elapsed_ms.append(Int(Date().timeIntervalSince(started) * 1000))
        }
        #expect(elapsed_ms[0] < 150 && elapsed_ms[1] < 150, "\(elapsed_ms)")
        #expect(elapsed_ms[2] >= 200 && elapsed_ms[3] >= 400, "delay doubles from the 3rd failure: \(elapsed_ms)")
        try shell.terminal.enterLogin("wang", pin: "0000")
        try shell.terminal.expect("Account locked until")
        try shell.terminal.enterLogin("wang", pin: ShellFixture.technicianPIN)
        try shell.terminal.expect("Account locked until")

        let reopened = try KioskDatabase.open(dataDirectory: fixture.directory)
        defer { try? reopened.close() }
        let store = SQLiteShellStore(writer: reopened.pool)
        let afterRestart = try ShellConnection(ShellEnvironment(
            host: StandaloneHost(database: reopened), accounts: store, audit: store,
            configuration: ShellConfiguration(language: .english)
        ))
        try afterRestart.terminal.enterLogin("wang", pin: ShellFixture.technicianPIN)
        try afterRestart.terminal.expect("Account locked until")
        #expect(try store.account(named: "wang")?.failedAttempts == 5)
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

    @Test func inactivityAndControlDEndTheSession() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment(idleTimeout_ms: 400))
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        try shell.terminal.expect("Logged out after inactivity.", timeout_ms: 3_000)
        try shell.terminal.expect("kiosk> ")
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        try shell.terminal.expect("kiosk:wang# ")
        shell.terminal.send("\u{04}")
        try shell.terminal.expect("Logged out.")
        try shell.terminal.expect("kiosk> ")
        shell.terminal.send("status\r")
        try shell.terminal.expect("Log in first")
    }

    @Test func messagesAreChineseByDefault() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment(language: .chinese))
        try shell.terminal.expect("维护控制台")
        try shell.terminal.enterLogin("wang", pin: "9999")
        try shell.terminal.expect("登录失败。")
    }
}

@Suite struct CommandFloodTests {
    /// A stuck key or a flood of lines runs at most the per-second limit; the rest is refused unaudited.
    @Test func aFloodOfCommandsIsCutToTheRateLimit() throws {
        let fixture = try ShellFixture()
        var environment = fixture.environment()
        environment.configuration.maxCommandsPerSecond = 10
        let shell = try ShellConnection(environment)
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        shell.terminal.send(String(repeating: "scanner last\r", count: 200))
        try shell.terminal.expect("Too many commands; ignored.")
        Thread.sleep(forTimeInterval: 1.1)
        shell.terminal.discardPending()
        #expect(try shell.run("scanner last").contains("6901234567892"))
        let runs = try fixture.store.recent(limit: 500).filter { $0.command == "scanner last" }.count
        #expect(runs <= 11, "\(runs) audited runs")
    }
}
