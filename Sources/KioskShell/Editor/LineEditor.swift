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
/// ``HistoryRing``. Characters are Unicode scalars typed as UTF-8, and the cursor moves by their width
/// on the terminal (a Chinese character takes two columns). The line never grows past `maxLineLength`
/// characters: further ones are counted but not kept, and Enter then reports
/// ``LineEditorEvent/overlong(length:)``. In masked mode (PIN entry) nothing is echoed, the cursor stays
/// at the end and the line is not remembered.
public struct LineEditor: Sendable {
    /// The most characters a line keeps.
    public let maxLineLength: Int
    /// When true nothing typed is echoed or stored in history.
    public var isMasked = false

    private var decoder = KeyDecoder()
    private var history: HistoryRing
    private var line: [Unicode.Scalar] = []
    private var cursor = 0
    private var typedLength = 0
    private var browsing: Int?
    private var draft: [Unicode.Scalar] = []

    /// Creates an editor with an empty line and an empty history of `historyCapacity` lines.
    public init(maxLineLength: Int, historyCapacity: Int) {
        self.maxLineLength = max(1, maxLineLength)
        history = HistoryRing(capacity: historyCapacity)
        line.reserveCapacity(self.maxLineLength)
        draft.reserveCapacity(self.maxLineLength)
    }

    /// The line being edited.
    public var text: String { Self.string(line[...]) }

    /// The part of the line left of the cursor (what Tab completes).
    public var textBeforeCursor: String { Self.string(line[..<cursor]) }

    /// Feeds one byte; appends what the terminal must show to `echo` and returns an event, if any.
    public mutating func feed(_ byte: UInt8, echo: inout [UInt8]) -> LineEditorEvent? {
        guard let key = decoder.decode(byte) else { return nil }
        return apply(key, echo: &echo)
    }

    /// Inserts `completion` at the cursor, as if typed (used after Tab).
    public mutating func insert(_ completion: String, echo: inout [UInt8]) {
        for scalar in completion.unicodeScalars where TerminalWidth.isPrintable(scalar) {
            insertCharacter(scalar, echo: &echo)
        }
    }

    /// Appends the whole line to `echo` and puts the terminal cursor back where the editor's cursor is
    /// (used after printing something below the prompt, and after the prompt is reprinted).
    public func render(into echo: inout [UInt8]) {
        guard !isMasked else { return }
        Self.append(line[...], to: &echo)
        moveLeft(Self.width(line[cursor...]), echo: &echo)
    }

    /// Empties the line without echo (after logout or a session reset).
    public mutating func clear() {
        resetLine()
    }

    private mutating func apply(_ key: Key, echo: inout [UInt8]) -> LineEditorEvent? {
        switch key {
        case .character(let scalar): insertCharacter(scalar, echo: &echo)
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
        case .left:
            if cursor > 0 {
                cursor -= 1
                moveLeft(TerminalWidth.columns(of: line[cursor]), echo: &echo)
            }
        case .right:
            if cursor < line.count {
                moveRight(TerminalWidth.columns(of: line[cursor]), echo: &echo)
                cursor += 1
            }
        case .home: moveLeft(Self.width(line[..<cursor]), echo: &echo); cursor = 0
        case .end: Self.append(line[cursor...], to: &echo); cursor = line.count
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
        if !isMasked { history.append(Array(text.utf8)) }
        return .submit(text)
    }

    private mutating func insertCharacter(_ scalar: Unicode.Scalar, echo: inout [UInt8]) {
        typedLength = typedLength == Int.max ? typedLength : typedLength + 1
        guard line.count < maxLineLength else {
            if typedLength == maxLineLength + 1 { echo.append(0x07) }
            return
        }
        line.insert(scalar, at: cursor)
        cursor += 1
        guard !isMasked else { return }
        Self.append(line[(cursor - 1)...], to: &echo)
        moveLeft(Self.width(line[cursor...]), echo: &echo)
    }

    private mutating func backspace(echo: inout [UInt8]) {
        guard cursor > 0 else { return }
        if typedLength > line.count { typedLength = line.count }
        let removed = line.remove(at: cursor - 1)
        cursor -= 1
        typedLength -= 1
        guard !isMasked else { return }
        let columns = TerminalWidth.columns(of: removed)
        if columns == 1 { echo.append(0x08) } else { moveLeft(columns, echo: &echo) }
        redrawTail(freedColumns: columns, echo: &echo)
    }

    private mutating func deleteUnderCursor(echo: inout [UInt8]) {
        guard cursor < line.count else { return }
        if typedLength > line.count { typedLength = line.count }
        let removed = line.remove(at: cursor)
        typedLength -= 1
        redrawTail(freedColumns: TerminalWidth.columns(of: removed), echo: &echo)
    }

    /// Reprints from the cursor to the end, blanks the freed cells and returns the cursor.
    private func redrawTail(freedColumns: Int, echo: inout [UInt8]) {
        Self.append(line[cursor...], to: &echo)
        echo.append(contentsOf: repeatElement(0x20, count: freedColumns))
        moveLeft(Self.width(line[cursor...]) + freedColumns, echo: &echo)
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
        let recalled = Array(String(decoding: entry, as: UTF8.self).unicodeScalars)
        replaceLine(with: recalled, cursorAt: recalled.count, echo: &echo)
    }

    private mutating func replaceLine(with newLine: [Unicode.Scalar], cursorAt newCursor: Int, echo: inout [UInt8]) {
        moveLeft(Self.width(line[..<cursor]), echo: &echo)
        line = Array(newLine.prefix(maxLineLength))
        typedLength = line.count
        cursor = min(newCursor, line.count)
        Self.append(line[...], to: &echo)
        echo.append(contentsOf: [0x1B, 0x5B, 0x4B])
        moveLeft(Self.width(line[cursor...]), echo: &echo)
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

    private func moveRight(_ columns: Int, echo: inout [UInt8]) {
        guard columns > 0 else { return }
        echo.append(contentsOf: columns == 1 ? [0x1B, 0x5B, 0x43] : Array("\u{1B}[\(columns)C".utf8))
    }

    private static func width(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + TerminalWidth.columns(of: $1) }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func append(_ scalars: ArraySlice<Unicode.Scalar>, to echo: inout [UInt8]) {
        for scalar in scalars {
            // Every scalar has a UTF-8 form; the optional is the generic encoding protocol's.
            echo.append(contentsOf: UTF8.encode(scalar)!)
        }
    }
}
