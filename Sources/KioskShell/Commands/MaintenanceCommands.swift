/// The shell's command tree: every command, who may run it, and its help.
public enum MaintenanceCommands {
    /// The tree every session uses.
    public static let tree: CommandTree = CommandTree(root: CommandNode("", summary: "", access: .anyone, children: [
        CommandNode("login", usage: "NAME", summary: "log in with a PIN 登录", access: .anyone, arguments: 1...1) { context, arguments in
            context.request = .login(name: arguments[0])
        },
        CommandNode("logout", summary: "end the session 退出登录", access: .stationOperator) { context, _ in
            context.request = .logout
        },
        CommandNode(
            "help", usage: "[CMD…]", summary: "list commands, or help on CMD 帮助", access: .anyone, arguments: 0...3,
            completer: { previous in previous.isEmpty ? MaintenanceCommands.tree.root.children.map { (node: CommandNode) in node.name } : [] }
        ) { context, arguments in
            let (path, _) = context.tree.resolve(arguments)
            for line in context.tree.help(for: path, access: context.access) { context.print(line) }
        },
        StatusCommand.node,
        DeviceCommands.devices,
        DeviceCommands.printer,
        DeviceCommands.scanner,
        SalesCommands.orders,
        SalesCommands.payments,
        SystemCommands.database,
        SystemCommands.config,
        SystemCommands.log,
        SystemCommands.time,
        SystemCommands.audit,
        SystemCommands.reboot,
        SystemCommands.shutdown,
    ]))
}
