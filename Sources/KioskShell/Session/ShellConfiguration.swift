/// The language of the shell's own messages.
public enum ShellLanguage: String, Sendable {
    case chinese = "zh-Hans"
    case english = "en"

    /// Picks the Chinese or English text.
    public func pick(_ chinese: String, _ english: String) -> String {
        self == .chinese ? chinese : english
    }
}

/// Limits and policies for every shell session; the board supplies most of them.
public struct ShellConfiguration: Sendable {
    /// The longest line accepted; longer lines are refused with a message.
    public var maxLineLength: Int
    /// How many lines of history each session keeps.
    public var historyCapacity: Int
    /// A logged-in session ends after this long without input.
    public var idleTimeout_ms: Int64
    /// The most one command may print; the rest is cut with a notice.
    public var maxCommandOutput_bytes: Int
    /// The most output held for a terminal that does not read; more is dropped with a notice.
    public var outputBuffer_bytes: Int
    public var language: ShellLanguage
    public var login: LoginPolicy
    /// The most command lines one session runs per second; a flood (a stuck key, noise) is refused beyond
    /// this, so audit writes cannot crowd out sales on the database writer.
    public var maxCommandsPerSecond: Int

    public init(
        maxLineLength: Int = 256, historyCapacity: Int = 32, idleTimeout_ms: Int64 = 300_000,
        maxCommandOutput_bytes: Int = 32 * 1024, outputBuffer_bytes: Int = 64 * 1024,
        language: ShellLanguage = .chinese, login: LoginPolicy = LoginPolicy(), maxCommandsPerSecond: Int = 50
    ) {
        self.maxLineLength = maxLineLength
        self.historyCapacity = historyCapacity
        self.idleTimeout_ms = idleTimeout_ms
        self.maxCommandOutput_bytes = maxCommandOutput_bytes
        self.outputBuffer_bytes = outputBuffer_bytes
        self.language = language
        self.login = login
        self.maxCommandsPerSecond = maxCommandsPerSecond
    }
}

/// Time as the shell sees it, injected so tests control it.
public protocol ShellClock: Sendable {
    /// Milliseconds since 1970 (UTC): lockouts and audit times.
    func wallTime_ms() -> Int64
    /// A clock that never jumps: inactivity.
    func monotonic_ms() -> Int64
    /// Blocks the calling session thread (login delays).
    func sleep(milliseconds: Int64)
}

/// Everything a session needs from outside itself.
public struct ShellEnvironment: Sendable {
    public var host: any ShellHost
    public var accounts: any ShellAccountStore
    public var audit: any AuditLog
    public var clock: any ShellClock
    public var configuration: ShellConfiguration
    /// The command tree sessions run: the shell's own commands and what the station contributed.
    public let commands: CommandTree

    /// An environment whose tree holds the shell's own commands plus `contributions` (commands a running
    /// station adds, such as ``DeviceCommands/nodes(_:)``; a group of the same name as one of the shell's
    /// gains their subcommands). A standalone shell contributes nothing.
    public init(
        host: any ShellHost, accounts: any ShellAccountStore, audit: any AuditLog,
        clock: any ShellClock = SystemShellClock(), configuration: ShellConfiguration = ShellConfiguration(),
        contributions: [CommandNode] = []
    ) {
        self.host = host
        self.accounts = accounts
        self.audit = audit
        self.clock = clock
        self.configuration = configuration
        commands = MaintenanceCommands.tree(adding: contributions)
    }
}
