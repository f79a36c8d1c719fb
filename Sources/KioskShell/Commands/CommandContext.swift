/// What a command handler sees: the environment, who is running it, and where to print.
public final class CommandContext {
    /// What the session must do once the handler returns.
    public enum Request: Equatable, Sendable {
        case none
        case login(name: String)
        case logout
    }

    public let environment: ShellEnvironment
    /// The logged-in account name, or nil before login.
    public let who: String?
    public let access: AccessLevel
    public let tree: CommandTree
    public var request = Request.none
    /// What the command printed, cut off at the session's output limit.
    private(set) var output: BoundedText

    init(environment: ShellEnvironment, who: String?, access: AccessLevel, tree: CommandTree, output_bytes: Int) {
        self.environment = environment
        self.who = who
        self.access = access
        self.tree = tree
        output = BoundedText(limit_bytes: output_bytes)
    }

    public var host: any ShellHost { environment.host }
    public var language: ShellLanguage { environment.configuration.language }

    /// Prints one line.
    public func print(_ line: String) {
        output.appendLine(line)
    }

    /// Prints the Chinese or English text, by the configured language.
    public func say(_ chinese: String, _ english: String) {
        output.appendLine(language.pick(chinese, english))
    }
}

/// Text lines with CR LF endings, cut off with a notice once `limit_bytes` is reached.
struct BoundedText {
    let limit_bytes: Int
    private(set) var bytes: [UInt8] = []
    private(set) var droppedLines = 0

    init(limit_bytes: Int) {
        self.limit_bytes = limit_bytes
    }

    mutating func appendLine(_ line: String) {
        let encoded = Array(line.utf8)
        guard droppedLines == 0, bytes.count + encoded.count + 2 <= limit_bytes else {
            droppedLines += 1
            return
        }
        bytes.append(contentsOf: encoded)
        bytes.append(contentsOf: [0x0D, 0x0A])
    }
}
