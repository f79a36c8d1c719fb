/// One node of the static command tree: a command, or a group of subcommands.
public struct CommandNode: Sendable {
    /// Runs the command; throws ``CommandFailure`` or a host error to report a failure.
    public typealias Handler = @Sendable (CommandContext, [String]) throws -> Void
    /// Candidates for the next argument, given the arguments already typed (the caller filters by prefix).
    public typealias ArgumentCompleter = @Sendable (_ previousArguments: [String]) -> [String]

    public let name: String
    /// The arguments in help, e.g. `N` or `KEY VALUE`.
    public let usage: String
    /// One line of help.
    public let summary: String
    public let access: AccessLevel
    /// How many arguments the handler accepts.
    public let argumentCount: ClosedRange<Int>
    public let children: [CommandNode]
    public let handler: Handler?
    public let completer: ArgumentCompleter?

    /// A command that runs `handler`.
    public init(
        _ name: String, usage: String = "", summary: String, access: AccessLevel,
        arguments: ClosedRange<Int> = 0...0, completer: ArgumentCompleter? = nil, handler: @escaping Handler
    ) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.access = access
        self.argumentCount = arguments
        self.children = []
        self.handler = handler
        self.completer = completer
    }

    /// A group: typing its name alone prints its subcommands.
    public init(_ name: String, summary: String, access: AccessLevel, children: [CommandNode]) {
        self.name = name
        self.usage = ""
        self.summary = summary
        self.access = access
        self.argumentCount = 0...0
        self.children = children
        self.handler = nil
        self.completer = nil
    }

    /// The same group with `children` after its own (a running station's subcommands of a shell group).
    public func adding(_ more: [CommandNode]) -> CommandNode {
        CommandNode(name, summary: summary, access: access, children: children + more)
    }

    /// The child called `name`.
    public func child(_ name: String) -> CommandNode? {
        children.first { $0.name == name }
    }
}

/// A command failed; `message` is printed and audited.
public struct CommandFailure: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) {
        self.message = message
    }
}
