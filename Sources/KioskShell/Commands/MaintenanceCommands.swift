/// The shell's command tree: the commands every shell has (they answer from the station's books and
/// settings, so they work on a data directory alone), and the commands a running station contributes.
public enum MaintenanceCommands {
    /// The commands of a standalone shell.
    public static let standalone = tree(adding: [])

    /// The shell's own commands plus `contributions`. A contributed group named like one of the shell's
    /// (`orders`, `log`, `time`) adds its subcommands to it; any other is a new top-level command.
    public static func tree(adding contributions: [CommandNode]) -> CommandTree {
        var commands = [
            CommandNode("login", usage: "NAME", summary: "log in with a PIN 登录", access: .anyone, arguments: 1...1) { context, arguments in
                context.request = .login(name: arguments[0])
            },
            CommandNode("logout", summary: "end the session 退出登录", access: .stationOperator) { context, _ in
                context.request = .logout
            },
            StatusCommand.node,
            SalesCommands.orders,
            SalesCommands.payments,
            SystemCommands.database,
            SystemCommands.config,
            SystemCommands.log,
            SystemCommands.time,
            SystemCommands.audit,
        ]
        for contributed in contributions {
            if let index = commands.firstIndex(where: { $0.name == contributed.name }) {
                commands[index] = commands[index].adding(contributed.children)
            } else {
                commands.append(contributed)
            }
        }
        let names = commands.map(\.name) + ["help"]
        let help = CommandNode(
            "help", usage: "[CMD…]", summary: "list commands, or help on CMD 帮助", access: .anyone, arguments: 0...3,
            completer: { previous in previous.isEmpty ? names : [] }
        ) { context, arguments in
            let (path, _) = context.tree.resolve(arguments)
            for line in context.tree.help(for: path, access: context.access) { context.print(line) }
        }
        commands.insert(help, at: 2)
        return CommandTree(root: CommandNode("", summary: "", access: .anyone, children: commands))
    }
}
