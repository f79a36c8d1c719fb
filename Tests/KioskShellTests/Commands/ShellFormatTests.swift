import Testing
@testable import KioskShell

@Suite struct ShellFormatTests {
    @Test("the shell shows Beijing time, as the receipts do, whatever the machine's zone")
    func timesAreBeijingTime() {
        #expect(ShellFormat.time(0) == "1970-01-01 08:00:00 +08:00")
        #expect(ShellFormat.time(1_795_428_000_000) == "2026-11-23 18:00:00 +08:00")
        #expect(ShellFormat.parseTime("2026-11-23T18:00:00+08:00") == 1_795_428_000_000)
    }
}
