/// What a keystroke asks of the session, beyond editing the line.
public enum LineEditorEvent: Equatable, Sendable {
    /// Enter on a line within the length limit.
    case submit(String)
    /// Enter on a line that went past the limit; the line is discarded, `length` is how long it got.
    case overlong(length: Int)
    /// Ctrl-C: the line was discarded.
    case cancel
    /// Ctrl-D on an empty line.
    case logout
    /// Tab: the session looks up completions for ``LineEditor/textBeforeCursor``.
    case complete
}

/// A terminal line editor with no terminal: bytes in, echo bytes and events out.
///
/// Handles insert anywhere, Backspace/Delete, left/right/Home/End, Ctrl-U/Ctrl-K, and up/down through a
/// ``HistoryRing``. The line never grows past `maxLineLength`: further characters are counted but not kept,
/// and Enter then reports ``LineEditorEvent/overlong(length:)``. In masked mode (PIN entry) nothing is
/// echoed, the cursor stays at the end and the line is not remembered.
public struct LineEditor: Sendable {
    /// The longest line kept.
    public let maxLineLength: Int
    /// When true nothing typed is echoed or stored in history.
    public var isMasked = false

    private var decoder = KeyDecoder()
    private var history: HistoryRing
    private var line: [UInt8] = []
    private var cursor = 0
    private var typedLength = 0
    private var browsing: Int?
    private var draft: [UInt8] = []

    /// Creates an editor with an empty line and an empty history of `historyCapacity` lines.
    public init(maxLineLength: Int, historyCapacity: Int) {
        self.maxLineLength = max(1, maxLineLength)
        history = HistoryRing(capacity: historyCapacity)
        line.reserveCapacity(self.maxLineLength)
        draft.reserveCapacity(self.maxLineLength)
    }

    /// The line being edited.
    public var text: String { String(decoding: line, as: UTF8.self) }

    /// The part of the line left of the cursor (what Tab completes).
    public var textBeforeCursor: String { String(decoding: line[..<cursor], as: UTF8.self) }

    /// Feeds one byte; appends what the terminal must show to `echo` and returns an event, if any.
    public mutating func feed(_ byte: UInt8, echo: inout [UInt8]) -> LineEditorEvent? {
        guard let key = decoder.decode(byte) else { return nil }
        return apply(key, echo: &echo)
    }

    /// Inserts `completion` at the cursor, as if typed (used after Tab).
    public mutating func insert(_ completion: String, echo: inout [UInt8]) {
        for byte in completion.utf8 where (0x20...0x7E).contains(byte) {
            insertCharacter(byte, echo: &echo)
        }
    }

    /// Appends the whole line to `echo` and puts the terminal cursor back where the editor's cursor is
    /// (used after printing something below the prompt, and after the prompt is reprinted).
    public func render(into echo: inout [UInt8]) {
        guard !isMasked else { return }
        echo.append(contentsOf: line)
        moveLeft(line.count - cursor, echo: &echo)
    }

    /// Empties the line without echo (after logout or a session reset).
    public mutating func clear() {
        resetLine()
    }

    private mutating func apply(_ key: Key, echo: inout [UInt8]) -> LineEditorEvent? {
        switch key {
        case .character(let byte): insertCharacter(byte, echo: &echo)
        case .enter: return submit(echo: &echo)
        case .tab: return isMasked ? nil : .complete
        case .interrupt:
            echo.append(contentsOf: Array("^C\r\n".utf8))
            resetLine()
            return .cancel
        case .endOfTransmission:
            if line.isEmpty && typedLength == 0 { return .logout }
            if !isMasked { deleteUnderCursor(echo: &echo) }
        case .backspace: backspace(echo: &echo)
        case _ where isMasked: break
        case .delete: deleteUnderCursor(echo: &echo)
        case .left: if cursor > 0 { cursor -= 1; moveLeft(1, echo: &echo) }
        case .right: if cursor < line.count { cursor += 1; echo.append(contentsOf: [0x1B, 0x5B, 0x43]) }
        case .home: moveLeft(cursor, echo: &echo); cursor = 0
        case .end: echo.append(contentsOf: line[cursor...]); cursor = line.count
        case .eraseToStart: replaceLine(with: Array(line[cursor...]), cursorAt: 0, echo: &echo)
        case .eraseToEnd: replaceLine(with: Array(line[..<cursor]), cursorAt: cursor, echo: &echo)
        case .up: browseHistory(olderBy: 1, echo: &echo)
        case .down: browseHistory(olderBy: -1, echo: &echo)
        }
        return nil
    }

    private mutating func submit(echo: inout [UInt8]) -> LineEditorEvent {
        echo.append(contentsOf: [0x0D, 0x0A])
        defer { resetLine() }
        if typedLength > maxLineLength { return .overlong(length: typedLength) }
        if !isMasked { history.append(line) }
        return .submit(text)
    }

    private mutating func insertCharacter(_ byte: UInt8, echo: inout [UInt8]) {
        typedLength = typedLength == Int.max ? typedLength : typedLength + 1
        guard line.count < maxLineLength else {
            if typedLength == maxLineLength + 1 { echo.append(0x07) }
            return
        }
        line.insert(byte, at: cursor)
        cursor += 1
        guard !isMasked else { return }
        echo.append(contentsOf: line[(cursor - 1)...])
        moveLeft(line.count - cursor, echo: &echo)
    }

    private mutating func backspace(echo: inout [UInt8]) {
        guard cursor > 0 else { return }
        if typedLength > line.count { typedLength = line.count }
        line.remove(at: cursor - 1)
        cursor -= 1
        typedLength -= 1
        guard !isMasked else { return }
        echo.append(0x08)
        redrawTail(echo: &echo)
    }

    private mutating func deleteUnderCursor(echo: inout [UInt8]) {
        guard cursor < line.count else { return }
        if typedLength > line.count { typedLength = line.count }
        line.remove(at: cursor)
        typedLength -= 1
        redrawTail(echo: &echo)
    }

    /// Reprints from the cursor to the end, blanks the freed cell and returns the cursor.
    private func redrawTail(echo: inout [UInt8]) {
        echo.append(contentsOf: line[cursor...])
        echo.append(0x20)
        moveLeft(line.count - cursor + 1, echo: &echo)
    }

    private mutating func browseHistory(olderBy step: Int, echo: inout [UInt8]) {
        let target = (browsing ?? -1) + step
        if target < 0 {
            guard browsing != nil else { return }
            browsing = nil
            replaceLine(with: draft, cursorAt: draft.count, echo: &echo)
            return
        }
        guard let entry = history.entry(back: target) else { return }
        if browsing == nil { draft = line }
        browsing = target
        replaceLine(with: entry, cursorAt: entry.count, echo: &echo)
    }

    private mutating func replaceLine(with newLine: [UInt8], cursorAt newCursor: Int, echo: inout [UInt8]) {
        moveLeft(cursor, echo: &echo)
        line = Array(newLine.prefix(maxLineLength))
        typedLength = line.count
        cursor = min(newCursor, line.count)
        echo.append(contentsOf: line)
        echo.append(contentsOf: [0x1B, 0x5B, 0x4B])
        moveLeft(line.count - cursor, echo: &echo)
    }

    private mutating func resetLine() {
        line.removeAll(keepingCapacity: true)
        cursor = 0
        typedLength = 0
        browsing = nil
    }

    private func moveLeft(_ columns: Int, echo: inout [UInt8]) {
        guard columns > 0 else { return }
        echo.append(contentsOf: Array("\u{1B}[\(columns)D".utf8))
    }
}
