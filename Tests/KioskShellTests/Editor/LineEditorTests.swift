import KioskShell
import Testing

/// Types `input` into `editor`; returns the echo and the events, in order.
private func type(_ input: String, into editor: inout LineEditor) -> (echo: String, events: [LineEditorEvent]) {
    var echo: [UInt8] = []
    var events: [LineEditorEvent] = []
    for byte in input.utf8 {
        if let event = editor.feed(byte, echo: &echo) { events.append(event) }
    }
    return (String(decoding: echo, as: UTF8.self), events)
}

@Suite struct LineEditorTests {
    @Test func typedCharactersEchoAndEnterSubmitsTheLine() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        let result = type("status\r", into: &editor)
        #expect(result.echo == "status\r\n")
        #expect(result.events == [.submit("status")])
    }

    @Test func carriageReturnLineFeedSubmitsOnce() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        #expect(type("a\r\nb\n", into: &editor).events == [.submit("a"), .submit("b")])
    }

    @Test func backspaceAndArrowsEditInTheMiddle() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        // "stauts": left twice, delete 'u' with backspace... then retype.
        let result = type("statsu\u{7F}\u{7F}us\u{1B}[D\u{1B}[D\u{1B}[Cx\u{7F}\r", into: &editor)
        #expect(result.events == [.submit("status")])
        #expect(result.echo.hasSuffix("\r\n"))
    }

    @Test func insertingMidLineRedrawsTheTail() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        let result = type("ac\u{1B}[Db", into: &editor)
        #expect(result.echo == "ac\u{1B}[1Dbc\u{1B}[1D")
        #expect(editor.text == "abc")
    }

    @Test func historyWalksBackAndForthAndRestoresTheDraft() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 2)
        _ = type("one\rtwo\rthree\rdra", into: &editor)
        _ = type("\u{1B}[A", into: &editor)
        #expect(editor.text == "three")
        _ = type("\u{1B}[A\u{1B}[A\u{1B}[A", into: &editor)
        #expect(editor.text == "two", "a ring of 2 forgets the oldest line")
        _ = type("\u{1B}OB\u{1B}[B", into: &editor)
        #expect(editor.text == "dra")
    }

    @Test func controlCCancelsAndControlDLogsOutOnlyOnAnEmptyLine() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        #expect(type("abc\u{03}", into: &editor).events == [.cancel])
        #expect(editor.text.isEmpty)
        #expect(type("x\u{04}", into: &editor).events.isEmpty)
        #expect(type("\u{7F}\u{04}", into: &editor).events == [.logout])
    }

    @Test func overlongLinesAreRefusedAndTheEditorRecovers() {
        var editor = LineEditor(maxLineLength: 8, historyCapacity: 4)
        let result = type(String(repeating: "z", count: 100_000) + "\r", into: &editor)
        #expect(result.events == [.overlong(length: 100_000)])
        #expect(result.echo.utf8.count < 20, "only the kept characters and one bell are echoed")
        #expect(type("ok\r", into: &editor).events == [.submit("ok")])
    }

    @Test func noiseBytesAndUnknownEscapesAreIgnored() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        let noise = "\u{00}\u{1B}[99;99;99;99;99;99Zs\u{1B}[?25lt\u{1B}Oza\u{FF}\u{1B}]0;title\u{07}t\r"
        let events = type(noise, into: &editor).events
        #expect(events.count == 1)
        guard case .submit(let line) = events.first else { Issue.record("expected a submit"); return }
        #expect(line.hasPrefix("st"))
        #expect(!line.contains("\u{1B}"))
    }

    @Test func maskedEntryEchoesNothingAndStaysOutOfHistory() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        editor.isMasked = true
        let result = type("2468\r", into: &editor)
        #expect(result.echo == "\r\n")
        #expect(result.events == [.submit("2468")])
        editor.isMasked = false
        _ = type("\u{1B}[A", into: &editor)
        #expect(editor.text.isEmpty)
    }

    @Test func tabAsksForCompletionAndInsertGoesAtTheCursor() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        #expect(type("sta\t", into: &editor).events == [.complete])
        var echo: [UInt8] = []
        editor.insert("tus ", echo: &echo)
        #expect(editor.text == "status ")
    }
}

/// Technicians type Chinese (a station name, a villager's name) into a UTF-8 terminal.
@Suite struct LineEditorUnicodeTests {
    @Test func chineseIsKeptAndTheCursorMovesByTwoColumns() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        let typed = type("核桃", into: &editor)
        #expect(typed.echo == "核桃")
        let left = type("\u{1B}[D", into: &editor)
        #expect(left.echo == "\u{1B}[2D", "a Chinese character is two columns wide")
        let inserted = type("仁", into: &editor)
        #expect(inserted.echo == "仁桃\u{1B}[2D")
        let erased = type("\u{7F}", into: &editor)
        #expect(erased.echo == "\u{1B}[2D桃  \u{1B}[4D", "the freed two columns are blanked")
        #expect(type("\r", into: &editor).events == [.submit("核桃")])
    }

    @Test func malformedOrUnprintableUTF8IsDroppedAndWhatFollowsKept() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        var echo: [UInt8] = []
        // A sequence cut short by an ASCII letter, an overlong '/', an encoded C1 control, a lone
        // continuation byte, a surrogate: only 'a', 'b' and '仁' survive.
        for byte: UInt8 in [0xE4, 0xBD, 0x61, 0xC0, 0xAF, 0xC2, 0x85, 0x80, 0xED, 0xA0, 0x80, 0x62, 0xE4, 0xBB, 0x81] {
            _ = editor.feed(byte, echo: &echo)
        }
        #expect(editor.text == "ab仁")
    }

    @Test func historyRecallsChineseLines() {
        var editor = LineEditor(maxLineLength: 64, historyCapacity: 4)
        _ = type("config set station.name 李家村\r", into: &editor)
        let recalled = type("\u{1B}[A", into: &editor)
        #expect(editor.text == "config set station.name 李家村")
        #expect(recalled.echo.hasPrefix("config set station.name 李家村"))
    }
}
