import Foundation
import KioskCore
import KioskShell
import Testing

@Suite struct NoiseTests {
    /// Line noise of every kind, then a 100 KB line: the shell refuses what it must and still answers.
    @Test func tenThousandNoiseInputsLeaveTheShellAnswering() throws {
        let fixture = try ShellFixture()
        let shell = try ShellConnection(fixture.environment())
        try shell.logIn("wang", pin: ShellFixture.technicianPIN)
        var random = SplitMix64(seed: 20_261_123)
        let fragments: [[UInt8]] = [
            [0x1B, 0x5B], [0x1B, 0x5B, 0x41], [0x1B, 0x5B, 0x33, 0x7E], [0x1B, 0x4F], [0x1B, 0x5B, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x6D],
            [0x00], [0x00, 0x00, 0x00], [0xFF, 0xFE], [0x09], [0x7F], [0x15], [0x1B, 0x5D, 0x30, 0x3B], [0xE4, 0xBD, 0xA0],
        ]
        var sent = 0
        for _ in 0..<10_000 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                if Bool.random(using: &random) {
                    input += fragments.randomElement(using: &random)!
                } else {
                    input += (0..<Int.random(in: 1...8, using: &random)).map { _ in
                        // Enter is kept rarer than other bytes so most noise lands inside a line, and Ctrl-D
                        // (logout) is left out so the noise keeps reaching the logged-in command interpreter.
                        let byte = UInt8.random(in: 0...255, using: &random)
                        if byte == 0x04 { return 0x20 }
                        return byte == 0x0D || byte == 0x0A ? (Int.random(in: 0..<8, using: &random) == 0 ? byte : 0x20) : byte
                    }
                }
            }
            shell.terminal.send(input)
            sent += input.count
            if sent > 16_384 {
                shell.terminal.discardPending()
                sent = 0
            }
        }
        shell.terminal.send([0x03])
        shell.terminal.send(Array(repeating: 0x61, count: 100 * 1024) + [0x0D])
        try shell.terminal.expect("Line too long (102400 bytes, limit 256); refused.", timeout_ms: 10_000)
        shell.terminal.send("\u{03}login wang\r")
        try shell.terminal.expect("\r\n")
        shell.terminal.send("\(ShellFixture.technicianPIN)\r")
        shell.terminal.send("\u{03}status\r")
        try shell.terminal.expect("open orders 未结订单:", timeout_ms: 5_000)
        #expect(shell.server.activeSessionCount == 1)
        let noiseCommands = try fixture.store.recent(limit: 10_000).filter { $0.who == "wang" && $0.outcome != "ok" }
        #expect(noiseCommands.count > 20, "noise lines reached the interpreter and were audited")
    }
}
