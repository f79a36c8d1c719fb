import KioskShell

/// The maintenance shell's input side: whatever a serial line carries.
enum ShellChecks {
    /// Every key decoded is printable when it is a character, no byte yields more than one key, and
    /// each key's usual encoding decodes to that key alone in a fresh decoder.
    static func keyDecoder(_ bytes: [UInt8]) {
        var decoder = KeyDecoder()
        var keys = 0
        for byte in bytes {
            guard let key = decoder.decode(byte) else { continue }
            keys += 1
            if case .character(let scalar) = key {
                require(TerminalWidth.isPrintable(scalar), "unprintable U+\(String(scalar.value, radix: 16)) typed")
            }
            var fresh = KeyDecoder()
            let again = encoding(of: key).compactMap { fresh.decode($0) }
            require(again == [key], "\(key) encoded as \(encoding(of: key)) decodes as \(again)")
        }
        require(keys <= bytes.count, "\(keys) keys from \(bytes.count) bytes")
    }

    /// The bytes a terminal usually sends for `key`.
    static func encoding(of key: Key) -> [UInt8] {
        switch key {
        case .character(let scalar): Array(String(Character(scalar)).utf8)
        case .enter: [0x0D]
        case .backspace: [0x7F]
        case .delete: [0x1B, 0x5B, 0x33, 0x7E]
        case .up: [0x1B, 0x5B, 0x41]
        case .down: [0x1B, 0x5B, 0x42]
        case .right: [0x1B, 0x5B, 0x43]
        case .left: [0x1B, 0x5B, 0x44]
        case .home: [0x1B, 0x5B, 0x48]
        case .end: [0x1B, 0x5B, 0x46]
        case .tab: [0x09]
        case .interrupt: [0x03]
        case .endOfTransmission: [0x04]
        case .eraseToStart: [0x15]
        case .eraseToEnd: [0x0B]
        }
    }

    /// After every byte, a terminal that shows the editor's echo displays exactly the editor's line
    /// with the cursor where the editor's is; in masked mode nothing typed is echoed. Lines given
    /// to the session are within the limit. The first byte picks the limit, history size and mode.
    static func lineEditor(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let setup = reader.byte()
        let maxLineLength = Int(setup & 0x1F) + 1
        var editor = LineEditor(maxLineLength: maxLineLength, historyCapacity: Int(setup >> 5 & 0x03))
        editor.isMasked = setup & 0x80 != 0
        var terminal = TerminalModel()
        for byte in reader.rest() {
            var echo: [UInt8] = []
            let event = editor.feed(byte, echo: &echo)
            switch event {
            case .submit(let line):
                require(line.unicodeScalars.count <= maxLineLength, "a line of \(line.unicodeScalars.count) submitted")
            case .overlong(let length):
                require(length > maxLineLength, "a line of \(length) reported overlong")
            case .complete:
                editor.insert("st中", echo: &echo)
            case .cancel, .logout, nil:
                break
            }
            if editor.isMasked {
                let allowed: Set<UInt8> = [0x07, 0x0D, 0x0A, UInt8(ascii: "^"), UInt8(ascii: "C")]
                require(echo.allSatisfy(allowed.contains), "masked input echoed \(echo)")
                continue
            }
            terminal.show(echo)
            let expected = TerminalModel.cells(of: editor.text)
            require(terminal.matches(expected), "terminal shows \(terminal.cells) for line \(editor.text.debugDescription)")
            let cursorColumn = TerminalModel.cells(of: editor.textBeforeCursor).count
            require(terminal.cursor == cursorColumn, "terminal cursor at \(terminal.cursor), editor's at \(cursorColumn)")
        }
    }
}

/// One terminal row as the line editor's echo leaves it: cells holding a scalar (a wide one fills
/// two, the second a continuation), and the cursor's column.
struct TerminalModel {
    enum Cell: Equatable {
        case glyph(Unicode.Scalar)
        case continuation
    }

    private(set) var cells: [Cell?] = []
    private(set) var cursor = 0

    /// The cells `text` fills from column 0 (zero-width scalars fill none).
    static func cells(of text: String) -> [Cell?] {
        var cells: [Cell?] = []
        for scalar in text.unicodeScalars {
            switch TerminalWidth.columns(of: scalar) {
            case 0: continue
            case 1: cells.append(.glyph(scalar))
            default: cells += [.glyph(scalar), .continuation]
            }
        }
        return cells
    }

    /// Whether the row starts with `expected` and holds only blanks after it.
    func matches(_ expected: [Cell?]) -> Bool {
        guard cells.count >= expected.count, Array(cells[..<expected.count]) == expected else { return false }
        return cells[expected.count...].allSatisfy { $0 == nil || $0 == .glyph(" ") }
    }

    /// Interprets echo bytes: text, BS, CR, LF (a new, empty row), BEL, and `ESC [ n D|C|K`.
    mutating func show(_ echo: [UInt8]) {
        var index = 0
        while index < echo.count {
            let byte = echo[index]
            index += 1
            switch byte {
            case 0x07: continue
            case 0x08: move(by: -1)
            case 0x0D: cursor = 0
            case 0x0A: cells = []
            case 0x1B:
                require(index < echo.count && echo[index] == 0x5B, "echo holds a bare ESC")
                index += 1
                var count = 0
                var hasCount = false
                while index < echo.count, (0x30 ... 0x39).contains(echo[index]) {
                    count = count * 10 + Int(echo[index] - 0x30)
                    hasCount = true
                    index += 1
                }
                require(index < echo.count, "echo ends inside an escape sequence")
                let final = echo[index]
                index += 1
                switch final {
                case 0x44: move(by: -(hasCount ? count : 1))
                case 0x43: move(by: hasCount ? count : 1)
                case 0x4B: if cursor < cells.count { cells.removeSubrange(cursor...) }
                default: require(false, "echo holds ESC [ \(final)")
                }
            default:
                var bytes = echo[(index - 1)...].makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                guard case .valid(let encoded) = parser.parseScalar(from: &bytes) else {
                    require(false, "echo holds invalid UTF-8 at \(index - 1)")
                    return
                }
                index += encoded.count - 1
                write(Unicode.UTF8.decode(encoded))
            }
        }
    }

    private mutating func move(by columns: Int) {
        require(cursor + columns >= 0, "the echo moves the cursor left of the line")
        cursor += columns
    }

    private mutating func write(_ scalar: Unicode.Scalar) {
        let width = TerminalWidth.columns(of: scalar)
        guard width > 0 else { return }
        put(.glyph(scalar), at: cursor)
        if width == 2 { put(.continuation, at: cursor + 1) }
        cursor += width
    }

    private mutating func put(_ cell: Cell, at column: Int) {
        while cells.count <= column { cells.append(nil) }
        cells[column] = cell
    }
}
