/// The static command tree, with lookup, help and completion.
public struct CommandTree: Sendable {
    /// The root: its children are the top-level commands.
    public let root: CommandNode

    public init(root: CommandNode) {
        self.root = root
    }

    /// The deepest node `words` name, and the words left over as its arguments.
    public func resolve(_ words: [String]) -> (path: [CommandNode], arguments: [String]) {
        var path: [CommandNode] = []
        var node = root
        var index = 0
        while index < words.count, let child = node.child(words[index]) {
            path.append(child)
            node = child
            index += 1
        }
        return (path, Array(words[index...]))
    }

    /// The children of `node` that `access` may see.
    public func visibleChildren(of node: CommandNode, access: AccessLevel) -> [CommandNode] {
        node.children.filter { $0.access <= access }
    }

    /// Help for a node: usage, summary, and its visible subcommands.
    public func help(for path: [CommandNode], access: AccessLevel) -> [String] {
        guard let node = path.last else {
            return ["commands 命令:"] + listing(visibleChildren(of: root, access: access))
                + ["CMD -h: help on CMD 查看帮助"]
        }
        let fullName = path.map(\.name).joined(separator: " ")
        var lines = ["usage: \(fullName)\(node.children.isEmpty ? "" : " SUBCOMMAND")\(node.usage.isEmpty ? "" : " " + node.usage)",
                     "  \(node.summary)"]
        let children = visibleChildren(of: node, access: access)
        if !children.isEmpty {
            lines += listing(children)
        }
        return lines
    }

    /// Completion candidates for the text left of the cursor, and the partial word they replace.
    public func completions(for textBeforeCursor: String, access: AccessLevel) -> (prefix: String, candidates: [String]) {
        guard var words = CommandWords.split(textBeforeCursor) else { return ("", []) }
        let prefix = textBeforeCursor.hasSuffix(" ") || textBeforeCursor.isEmpty ? "" : (words.popLast() ?? "")
        let (path, arguments) = resolve(words)
        let node = path.last ?? root
        guard node.access <= access else { return (prefix, []) }
        if arguments.isEmpty, !node.children.isEmpty {
            let names = visibleChildren(of: node, access: access).map(\.name).filter { $0.hasPrefix(prefix) }
            return (prefix, names)
        }
        guard let completer = node.completer else { return (prefix, []) }
        return (prefix, completer(arguments).filter { $0.hasPrefix(prefix) })
    }

    private func listing(_ nodes: [CommandNode]) -> [String] {
        let width = nodes.map(\.name.count).max() ?? 0
        return nodes.map { node in
            "  " + node.name + String(repeating: " ", count: width - node.name.count + 2) + node.summary
        }
    }
}
