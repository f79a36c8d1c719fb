import KioskShell
import Testing

@Suite struct CommandTreeTests {
    let tree = MaintenanceCommands.tree

    @Test func loggedOutTerminalsSeeOnlyLoginAndHelp() {
        #expect(tree.completions(for: "", access: .anyone).candidates == ["login", "help"])
        #expect(tree.completions(for: "st", access: .anyone).candidates.isEmpty)
    }

    @Test func completionCoversCommandsSubcommandsAndArguments() {
        #expect(tree.completions(for: "st", access: .technician).candidates == ["status"])
        #expect(tree.completions(for: "orders ", access: .technician).candidates == ["list", "show", "void"])
        #expect(tree.completions(for: "orders ", access: .stationOperator).candidates == ["list", "show"])
        #expect(tree.completions(for: "config get printer.", access: .technician).candidates == ["printer.paper_mm"])
        #expect(tree.completions(for: "config set printer.paper_mm ", access: .technician).candidates == ["58", "80"])
        #expect(tree.completions(for: "log level w", access: .technician).candidates == ["warning"])
    }

    @Test func everyNodeHasHelp() {
        func visit(_ node: CommandNode, path: [CommandNode]) {
            for child in node.children {
                let help = tree.help(for: path + [child], access: .technician)
                #expect(help.first?.hasPrefix("usage: " + (path + [child]).map(\.name).joined(separator: " ")) == true)
                #expect(!child.summary.isEmpty)
                visit(child, path: path + [child])
            }
        }
        visit(tree.root, path: [])
    }

    @Test func wordsSplitOnSpacesAndKeepQuotedSpaces() {
        #expect(CommandWords.split("config  set station.name \"Longnan 3\"") == ["config", "set", "station.name", "Longnan 3"])
        #expect(CommandWords.split("say \"open") == nil)
    }

    @Test func configKeysValidateTheirValues() throws {
        let paper = try #require(ConfigKey.named("printer.paper_mm"))
        #expect(try paper.validate("80") == "80")
        #expect(throws: ConfigValueError.self) { try paper.validate("57") }
        let timeout = try #require(ConfigKey.named("payment.timeout_s"))
        #expect(throws: ConfigValueError.self) { try timeout.validate("5") }
        #expect(try timeout.validate("0090") == "90")
    }
}
