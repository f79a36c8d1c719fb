import Foundation
import KioskShell
import KioskStore
import Testing

/// The command tree, run in-process on a clock the test holds (the transports have their own tests).
@Suite struct CommandTests {
    /// Each command's happy path and one error path, in one technician session.
    @Test func everyCommandAnswersAndRefusesBadInput() throws {
        let fixture = try ShellFixture()
        let clock = FakeShellClock()
        let shell = InProcessShell(fixture.environment(), clock: clock)
        let now = Date(timeIntervalSince1970: Double(clock.wallTime_ms()) / 1000)
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        let cases: [(command: String, expected: String)] = [
            ("status", "board 主板:       test-board"),
            ("status", "pending payments 待确认支付: 1"),
            ("devices list", "printer0  escpos-usb  online"),
            ("devices test", "FAIL  scanner0  no answer"),
            ("printer status", "printer0: online, paper ok"),
            ("printer test", "printer0: test page queued"),
            ("printer reprint 7", "receipt #7 queued"),
            ("printer reprint 99", "no order #99"),
            ("printer reprint x", "expected a positive number"),
            ("scanner last", "6901234567892"),
            ("orders list", "#7  S20261123-0007  counter  awaiting_payment  ￥12.50"),
            ("orders show 7", "soy sauce x2  ￥12.50"),
            ("orders show 7", "28****1234"),
            ("orders show 99", "no order #99"),
            ("orders show", "Wrong arguments. usage: orders show N"),
            ("orders void 7", "order #7 voided"),
            ("orders void 99", "no order #99"),
            ("payments pending", "payment #3  order #7  alipay  28****1234  ￥12.50  pending"),
            ("payments query 3", "gateway unreachable"),
            ("db check", "db check: ok"),
            ("db stats", "orders: 1"),
            ("db frobnicate", "Wrong arguments."),
            ("config get payment.timeout_s", "payment.timeout_s = 30 (default)"),
            ("config set payment.timeout_s 90", "payment.timeout_s = 90  (after `reboot` 重启后生效)"),
            ("config get payment.timeout_s", "payment.timeout_s = 90  [10…300]"),
            ("config set payment.timeout_s 5", "invalid value"),
            ("config set station.name 李家村服务站", "station.name = 李家村服务站  (after `reboot`"),
            ("config set receipt.footer \"一二三四五六七八九十一二三四五六七八九十一二三四五\"", "invalid value"),
            ("config set log.level warning", "log.level = warning\r\n"),
            ("config set volume 11", "unknown key"),
            ("log tail 3", "log line 3"),
            ("log tail -5", "expected a positive number"),
            ("log level debug", "log level 日志级别 = debug"),
            ("log level loud", "one of"),
            ("time show", "\(Calendar.current.component(.year, from: now))-"),
            ("time set 2026-11-23T18:00:00+08:00", "2026-11-23"),
            ("time set tomorrow", "expected 格式"),
            ("reboot", "rebooting…"),
            ("shutdown", "shutting down…"),
            ("help", "commands 命令:"),
            ("orders -h", "usage: orders SUBCOMMAND"),
            ("frobnicate", "Unknown command: frobnicate"),
        ]
        for (command, expected) in cases {
            let output = try shell.run(command)
            #expect(output.contains(expected), "\(command) → \(output)")
        }
        let backup = try shell.run("db backup")
        let path = try #require(backup.components(separatedBy: "backup 备份: ").last?.components(separatedBy: "\r\n").first)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try shell.run("audit tail 3").contains("wang  db backup  → ok"))

        #expect(fixture.host.recordedActions == [
            "test page", "reprint 7", "void 7", "log level warning", "log level debug", "clock 1795428000000", "reboot", "shutdown",
        ])
        let stored = try StoredSettings.read(fixture.database).map { "\($0.key)=\($0.value)" }.sorted()
        #expect(stored == ["payment.timeout_s=90", "station.name=李家村服务站"])
        let audited = try fixture.store.recent(limit: 200)
        #expect(audited.contains { $0.command == "config set payment.timeout_s 5" && $0.outcome.hasPrefix("error: ") })
        #expect(audited.contains { $0.command == "orders void 7" && $0.outcome == "ok" })
    }

    @Test func tabCompletesCommandsAndListsChoices() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(fixture.environment(), clock: FakeShellClock())
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        try shell.expect("kiosk:wang# ")
        shell.send("sta\t")
        try shell.expect("status ")
        shell.send("\r")
        try shell.expect("open orders")
        try shell.expect("kiosk:wang# ")
        shell.send("orders \t")
        try shell.expect("list  show  void\r\n")
        try shell.expect("kiosk:wang# orders ")
        shell.send("sh\t7\r")
        try shell.expect("soy sauce x2")
        try shell.expect("kiosk:wang# ")
        shell.send("config set ui.l\te\t\r")
        try shell.expect("ui.language = en")
    }

    @Test func historyRecallsEarlierCommands() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(fixture.environment(), clock: FakeShellClock())
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        try shell.run("scanner last")
        try shell.run("orders list")
        shell.send("\u{1B}[A\u{1B}[A\r")
        try shell.expect("6901234567892")
        try shell.expect("kiosk:wang# ")
        shell.send("\u{1B}[A\u{1B}[B\u{1B}[A\u{01}x\r")
        try shell.expect("Unknown command: xscanner")
        let commands = try fixture.store.recent(limit: 4).map(\.command)
        #expect(commands == ["scanner last", "orders list", "scanner last", "xscanner last"])
    }

    @Test func standaloneModeAnswersFromTheDatabaseAndSaysWhatItCannotDo() throws {
        let fixture = try ShellFixture()
        let shell = InProcessShell(ShellEnvironment(
            host: StandaloneHost(database: fixture.database), accounts: fixture.store, audit: fixture.store,
            configuration: ShellConfiguration(language: .english)
        ), clock: FakeShellClock())
        try shell.expect("(standalone)")
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        #expect(try shell.run("status").contains("mode 模式:        standalone"))
        #expect(try shell.run("printer status").contains("Unknown command: printer"))
        #expect(try shell.run("reboot").contains("Unknown command: reboot"))
        #expect(try shell.run("orders void 7").contains("Wrong arguments"))
        #expect(try shell.run("orders show 7").contains("soy sauce"))
        #expect(try shell.run("log level warning").contains("= warning"))
        #expect(try shell.run("config get log.level").contains("log.level = warning"))
    }
}
