import KioskShell
import KioskStore
import Testing

/// What a session does over time — login delays and lockouts, inactivity, the command rate limit — run
/// in-process on a clock the test moves, so nothing waits and no timing can be flaky.
@Suite struct SessionTimingTests {
    @Test func failuresSlowDownAfterTheThirdAndLockAfterTheFifthAcrossRestarts() throws {
        let fixture = try ShellFixture()
        let clock = FakeShellClock()
        let shell = InProcessShell(fixture.environment(login: LoginPolicy(firstDelay_ms: 200)), clock: clock)
        var elapsed_ms: [Int64] = []
        for _ in 1...4 {
            #expect(shell.type("login wang\r").hasSuffix("PIN: "))
            let started = clock.monotonic_ms()
            #expect(shell.type("0000\r").contains("Login failed."))
            elapsed_ms.append(clock.monotonic_ms() - started)
        }
        #expect(elapsed_ms[0] < 150 && elapsed_ms[1] < 150, "\(elapsed_ms)")
        #expect(elapsed_ms[2] >= 200 && elapsed_ms[3] >= 400, "delay doubles from the 3rd failure: \(elapsed_ms)")
        #expect(clock.sleeps_ms == [0, 0, 200, 400])
        #expect(shell.enterLogin("wang", pin: "0000").contains("Account locked until"))
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).contains("Account locked until"))

        let reopened = try KioskDatabase.open(dataDirectory: fixture.directory)
        defer { try? reopened.close() }
        let store = SQLiteShellStore(database: reopened)
        let afterRestart = InProcessShell(
            ShellEnvironment(host: StandaloneHost(database: reopened), accounts: store, audit: store,
                             configuration: ShellConfiguration(language: .english)),
            clock: clock
        )
        #expect(afterRestart.enterLogin("wang", pin: ShellFixture.technicianPIN).contains("Account locked until"))
        #expect(try store.account(named: "wang")?.failedAttempts == 5)
    }

    @Test func aLockRunsOutAfterTheLockoutAndTheCountStartsAgain() throws {
        let fixture = try ShellFixture()
        let clock = FakeShellClock()
        let policy = LoginPolicy(firstDelay_ms: 200, lockout_ms: 900_000)
        let shell = InProcessShell(fixture.environment(login: policy), clock: clock)
        for _ in 1...5 { shell.enterLogin("wang", pin: "0000") }
        clock.advance(by: 899_999)
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).contains("Account locked until"))
        clock.advance(by: 1)
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).contains("Welcome, wang"))
        #expect(try fixture.store.account(named: "wang")?.failedAttempts == 0)
    }

    @Test func inactivityAndControlDEndTheSession() throws {
        let fixture = try ShellFixture()
        let clock = FakeShellClock()
        let shell = InProcessShell(fixture.environment(idleTimeout_ms: 400), clock: clock)
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).hasSuffix("kiosk:wang# "))
        clock.advance(by: 399)
        #expect(shell.tick() == "", "not idle yet")
        clock.advance(by: 1)
        let idle = shell.tick()
        #expect(idle.contains("Logged out after inactivity."))
        #expect(idle.hasSuffix("kiosk> "))
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).hasSuffix("kiosk:wang# "))
        let logout = shell.type("\u{04}")
        #expect(logout.contains("Logged out."))
        #expect(logout.hasSuffix("kiosk> "))
        #expect(shell.type("status\r").contains("Log in first"))
    }

    /// A stuck key or a flood of lines runs at most the per-second limit; the rest is refused unaudited.
    @Test func aFloodOfCommandsIsCutToTheRateLimit() throws {
        let fixture = try ShellFixture()
        var environment = fixture.environment()
        environment.configuration.maxCommandsPerSecond = 10
        let clock = FakeShellClock()
        let shell = InProcessShell(environment, clock: clock)
        #expect(shell.enterLogin("wang", pin: ShellFixture.technicianPIN).contains("Welcome, wang"))
        let flood = shell.type(String(repeating: "scanner last\r", count: 200))
        #expect(flood.contains("Too many commands; ignored."))
        clock.advance(by: 1_100)
        #expect(shell.type("scanner last\r").contains("6901234567892"))
        let runs = try fixture.store.recent(limit: 500).filter { $0.command == "scanner last" }.count
        #expect(runs <= 11, "\(runs) audited runs")
        #expect(runs == 10, "9 beside the login in the first second, then 1")
    }
}
