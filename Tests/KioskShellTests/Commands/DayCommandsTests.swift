import KioskCore
import Testing
@testable import KioskShell

@Suite("The shell's day count")
struct DayCommandsTests {
    @Test("day count reads VALUE=PIECES for each note and coin, and the other words as the note")
    func countAndNote() throws {
        let (count, note) = try DayCommands.parseCount(["100=2", "0.5=3", "少了", "一角", "1=4", "100=1"])
        #expect(count[.yuan100] == 3 && count[.jiao5] == 3 && count[.yuan1] == 4)
        #expect(count.totalFen == 30_000 + 150 + 400)
        #expect(note == "少了 一角")
        #expect(try DayCommands.parseCount(["10=1"]).1 == nil)
    }

    @Test("a coin that does not exist or an impossible number of pieces is refused", arguments: [
        ["3=1"], ["2.5=1"], ["10=-1"], ["10=100000"], ["10=abc"],
    ])
    func refused(_ words: [String]) {
        #expect(throws: CommandFailure.self) { try DayCommands.parseCount(words) }
    }
}
