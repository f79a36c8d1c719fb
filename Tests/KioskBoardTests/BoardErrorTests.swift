import Foundation
import KioskBoard
import Testing

/// Every kind of broken board file gives one error naming the file, the key and the line.
@Suite("Board errors")
struct BoardErrorTests {
    let simText: String

    init() throws {
        simText = try String(contentsOf: repositoryBoards.appendingPathComponent("sim/board.yaml"), encoding: .utf8)
    }

    /// The sim board with `original` replaced by `replacement` (which must occur exactly once).
    func mutated(_ original: String, _ replacement: String) throws -> String {
        let parts = simText.components(separatedBy: original)
        try #require(parts.count == 2, "'\(original)' must occur once in the sim board")
        return parts.joined(separator: replacement)
    }

    /// The 1-based line of the first line containing `fragment` in `text`.
    func line(of fragment: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(fragment) }.map { $0 + 1 }
    }

    func error(parsing text: String, file: String = "boards/sim/board.yaml") -> BoardError? {
        do {
            _ = try BoardLoader.parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test("the unmodified sim board parses")
    func baseline() throws {
        #expect(error(parsing: simText) == nil)
    }

    @Test("an impossible limit: zero lines per order")
    func zeroLines() throws {
        let text = try mutated("max_lines_per_order: 64", "max_lines_per_order: 0")
        let failure = try #require(error(parsing: text))
        #expect(failure.file == "boards/sim/board.yaml")
        #expect(failure.key == "limits.max_lines_per_order")
        #expect(failure.line == line(of: "max_lines_per_order", in: text))
        #expect(failure.message.contains("between 1 and"))
        #expect(failure.description.hasPrefix("boards/sim/board.yaml:\(failure.line!): limits.max_lines_per_order:"))
    }

    @Test("an unknown key is named with its line")
    func unknownKey() throws {
        let text = try mutated("  max_open_orders: 16", "  max_open_orders: 16\n  max_open_order: 3")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "limits.max_open_order")
        #expect(failure.line == line(of: "max_open_order:", in: text))
        #expect(failure.message.contains("unknown key"))
    }

    @Test("a wrong type: text where a number belongs")
    func wrongType() throws {
        let text = try mutated("max_pending_payments: 8", "max_pending_payments: eight")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "limits.max_pending_payments")
        #expect(failure.message.contains("whole number"))
        #expect(failure.line == line(of: "max_pending_payments", in: text))
    }

    @Test("a wrong type: a list where a mapping belongs")
    func listForMapping() throws {
        let text = try mutated("  transport: pty", "  - pty")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "shell")
        #expect(failure.message.contains("expected a mapping"))
    }

    @Test("a malformed USB id")
    func malformedUSBID() throws {
        let generic = try String(contentsOf: repositoryBoards.appendingPathComponent("generic-58mm/board.yaml"),
                                 encoding: .utf8)
        let text = generic.replacingOccurrences(of: "\"0416:5011\"", with: "\"416:50G1\"")
        let failure = try #require(error(parsing: text, file: "boards/generic-58mm/board.yaml"))
        #expect(failure.key == "devices[0].usb")
        #expect(failure.line == line(of: "416:50G1", in: text))
        #expect(failure.message.contains("not a USB id"))
    }

    @Test("a required key that is missing")
    func missingKey() throws {
        let text = try mutated("  receipt_header: 模拟村级服务站\n", "")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "station.receipt_header")
        #expect(failure.message == "is required")
    }

    @Test("an unknown choice lists the allowed values")
    func unknownChoice() throws {
        let text = try mutated("locale: zh-Hans", "locale: fr")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "station.locale")
        #expect(failure.message.contains("zh-Hans, en"))
    }

    @Test("a protocol that cannot drive the role")
    func protocolForRole() throws {
        let text = try mutated("protocol: printer-class", "protocol: hid-keyboard")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "devices[0].protocol")
        #expect(failure.message.contains("cannot drive a printer"))
    }

    @Test("paper columns that do not fit the width")
    func columnsMismatch() throws {
        let text = try mutated("columns: 32", "columns: 48")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "devices[0].paper.columns")
        #expect(failure.message.contains("384 dots hold 32 columns"))
    }

    @Test("two printers on one board")
    func duplicateRole() throws {
        let text = try mutated("  - role: scanner\n    protocol: hid-keyboard", "  - role: printer\n    protocol: printer-class")
        let failure = try #require(error(parsing: text))
        #expect(failure.message.contains("one device per role") || failure.key?.hasPrefix("devices[1]") == true)
    }

    @Test("YAML that does not parse gives its line")
    func badYAML() throws {
        let text = try mutated("  vendor: kiosk project", "  vendor: [kiosk project")
        let failure = try #require(error(parsing: text))
        #expect(failure.message.contains("not valid YAML"))
        #expect(failure.line != nil)
    }

    @Test("a key written twice")
    func duplicateKey() throws {
        let text = try mutated("  backups_kept: 7", "  backups_kept: 7\n  backups_kept: 9")
        let failure = try #require(error(parsing: text))
        #expect(failure.message.contains("twice") || failure.message.contains("duplicated"))
    }

    @Test("a board whose name differs from its folder")
    func nameMismatch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("boards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let boardFolder = folder.appendingPathComponent("renamed")
        try FileManager.default.createDirectory(at: boardFolder, withIntermediateDirectories: true)
        try simText.write(to: boardFolder.appendingPathComponent("board.yaml"), atomically: true, encoding: .utf8)
        #expect {
            try BoardLoader(boardsDirectory: folder).load("renamed")
        } throws: { error in
            (error as? BoardError)?.key == "board.name"
        }
    }

    @Test("an empty file")
    func emptyFile() {
        #expect(error(parsing: "# only a comment\n")?.message == "is empty")
    }
}

extension BoardErrorTests {
    @Test("a keypad key mapped to an action that does not exist")
    func unknownKeypadAction() throws {
        let text = try mutated("F1: pay-cash", "F1: pay-with-chickens")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "devices[2].keys.F1")
        #expect(failure.line == line(of: "pay-with-chickens", in: text))
        #expect(failure.message.contains("pay-cash"))
    }

    @Test("the screen's address must be loopback or every address; without a screen section it is 127.0.0.1:8080")
    func screenSettings() throws {
        let parsed = try BoardLoader.parse(try mutated("  port: 8080", "  port: 9090"), file: "boards/sim/board.yaml")
        #expect(parsed.screen == ScreenSettings(address: "127.0.0.1", port: 9090))
        let text = try mutated("  address: 127.0.0.1 ", "  address: 192.168.1.5 ")
        let failure = try #require(error(parsing: text))
        #expect(failure.key == "screen.address")
        #expect(failure.line == line(of: "192.168.1.5", in: text))
        let screenSection = simText.range(of: "\n# The operator's screen")!
        let withoutScreen = try BoardLoader.parse(String(simText[..<screenSection.lowerBound]) + "\n", file: "boards/sim/board.yaml")
        #expect(withoutScreen.screen == ScreenSettings())
    }
}
