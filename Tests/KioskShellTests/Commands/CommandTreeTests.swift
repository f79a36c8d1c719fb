import KioskShell
import Testing

@Suite struct CommandTreeTests {
    /// A running station's tree: the shell's own commands and everything a station contributes.
    let tree = MaintenanceCommands.tree(adding: StationStandIn().commands)

    @Test func loggedOutTerminalsSeeOnlyLoginAndHelp() {
        #expect(tree.completions(for: "", access: .anyone).candidates == ["login", "help"])
        #expect(tree.completions(for: "st", access: .anyone).candidates.isEmpty)
    }

    @Test func completionCoversCommandsSubcommandsAndArguments() {
        #expect(tree.completions(for: "st", access: .technician).candidates == ["status"])
        #expect(tree.completions(for: "orders ", access: .technician).candidates == ["list", "show", "void"])
        #expect(tree.completions(for: "orders ", access: .stationOperator).candidates == ["list", "show"])
        #expect(tree.completions(for: "config get ui.", access: .technician).candidates == ["ui.language"])
        #expect(tree.completions(for: "config set ui.language ", access: .technician).candidates == ["zh-Hans", "en"])
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

    @Test func aStandaloneShellListsOnlyWhatWorksOnTheDataDirectory() {
        let standalone = MaintenanceCommands.standalone
        let names = standalone.root.children.map(\.name)
        #expect(names.contains("orders") && names.contains("db") && names.contains("config"))
        #expect(!names.contains("printer") && !names.contains("reboot") && !names.contains("devices"))
        #expect(standalone.completions(for: "orders ", access: .technician).candidates == ["list", "show"])
        #expect(tree.completions(for: "time ", access: .technician).candidates == ["show", "set"])
    }

    @Test func wordsSplitOnSpacesAndKeepQuotedSpaces() {
        #expect(CommandWords.split("config  set station.name \"Longnan 3\"") == ["config", "set", "station.name", "Longnan 3"])
        #expect(CommandWords.split("say \"open") == nil)
    }

    @Test func configKeysValidateTheirValues() throws {
        let language = try #require(ConfigKey.named("ui.language"))
        #expect(try language.validate("en") == "en")
        #expect(throws: ConfigValueError.self) { try language.validate("fr") }
        let name = try #require(ConfigKey.named("station.name"))
        #expect(try name.validate("李家村服务站 No.3") == "李家村服务站 No.3")
        #expect(throws: ConfigValueError.badText(maxColumns: 32)) { try name.validate(String(repeating: "核", count: 17)) }
        #expect(throws: ConfigValueError.badText(maxColumns: 32)) { try name.validate("bell\u{07}") }
        let timeout = try #require(ConfigKey.named("payment.timeout_s"))
        #expect(throws: ConfigValueError.self) { try timeout.validate("5") }
        #expect(try timeout.validate("0090") == "90")
    }
}

/// Controls that answer nothing: only the shape of the tree a station contributes is under test here.
private struct StationStandIn: DeviceControls, SalesControls, SystemControls {
    var commands: [CommandNode] { DeviceCommands.nodes(self) + SalesCommands.nodes(self) + SystemCommands.nodes(self) }
    func devices() throws -> [DeviceSummary] { [] }
    func testDevices() throws -> [DeviceTestResult] { [] }
    func printerStatus() throws -> [String] { [] }
    func printTestPage() throws -> String { "" }
    func reprintReceipt(orderID: Int64) throws -> String { "" }
    func lastScan() throws -> String? { nil }
    func voidOrder(id: Int64) throws -> String { "" }
    func queryPayment(id: Int64) throws -> String { "" }
    func logTail(lines: Int) throws -> [String] { [] }
    func setClock(wallTime_ms: Int64) throws {}
    func reboot() throws {}
    func shutdown() throws {}
}
