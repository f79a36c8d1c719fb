/// One technician's conversation with the shell: bytes from the terminal in, bytes for it out.
///
/// Owns a ``LineEditor`` and the login state; runs commands from ``ShellEnvironment/commands`` against the
/// ``ShellEnvironment``. Not thread-safe: a transport drives each session from one thread. Its own state is
/// bounded (line length, history ring); a command's output is bounded by
/// ``ShellConfiguration/maxCommandOutput_bytes``.
public final class ShellSession {
    /// Where the session stands.
    public enum Phase: Equatable, Sendable {
        case loggedOut
        case awaitingPin(name: String)
        case loggedIn(name: String, role: Role)
    }

    public private(set) var phase = Phase.loggedOut
    /// True once the session has ended and the transport should close the connection.
    public private(set) var isFinished = false

    private let environment: ShellEnvironment
    private var tree: CommandTree { environment.commands }
    private let endsOnLogout: Bool
    private var editor: LineEditor
    private var lastInput_ms: Int64
    private var unknownNameFailures = 0
    private var rateWindowStart_ms: Int64?
    private var commandsInWindow = 0

    /// A session in the logged-out phase. With `endsOnLogout` (socket clients) logging out ends the
    /// session; otherwise (serial, PTY) it returns to the login prompt.
    public init(environment: ShellEnvironment, endsOnLogout: Bool) {
        self.environment = environment
        self.endsOnLogout = endsOnLogout
        editor = LineEditor(
            maxLineLength: environment.configuration.maxLineLength,
            historyCapacity: environment.configuration.historyCapacity
        )
        lastInput_ms = environment.clock.monotonic_ms()
    }

    private var configuration: ShellConfiguration { environment.configuration }
    private var language: ShellLanguage { configuration.language }

    private var access: AccessLevel {
        if case .loggedIn(_, let role) = phase { return AccessLevel(role) }
        return .anyone
    }

    private var who: String? {
        if case .loggedIn(let name, _) = phase { return name }
        return nil
    }

    /// The banner and first prompt.
    public func start() -> [UInt8] {
        var output: [UInt8] = []
        line(language.pick(
            "村级服务站终端 维护控制台 (\(environment.host.modeDescription))。输入 login 用户名 登录，help 查看命令。",
            "Village kiosk maintenance shell (\(environment.host.modeDescription)). Type login NAME, or help."
        ), into: &output)
        output += prompt
        return output
    }

    /// Feeds bytes typed at the terminal; returns what to send back.
    public func receive(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        lastInput_ms = environment.clock.monotonic_ms()
        for byte in bytes {
            if isFinished { break }
            guard let event = editor.feed(byte, echo: &output) else { continue }
            handle(event, output: &output)
        }
        return output
    }

    /// Checks the inactivity limit; call it periodically. Returns what to send, if anything.
    public func tick() -> [UInt8] {
        guard case .loggedIn(let name, _) = phase,
              environment.clock.monotonic_ms() - lastInput_ms >= configuration.idleTimeout_ms
        else { return [] }
        var output: [UInt8] = [0x0D, 0x0A]
        audit(who: name, command: "(idle)", outcome: "logged out after inactivity")
        line(language.pick("长时间无操作，已自动退出。", "Logged out after inactivity."), into: &output)
        endLogin(output: &output)
        return output
    }

    private func handle(_ event: LineEditorEvent, output: inout [UInt8]) {
        switch event {
        case .submit(let text):
            if case .awaitingPin(let name) = phase {
                editor.isMasked = false
                verify(name: name, pin: text, output: &output)
            } else {
                run(String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()), output: &output)
            }
        case .overlong(let length):
            editor.isMasked = false
            if case .awaitingPin = phase { phase = .loggedOut }
            line(language.pick(
                "输入过长（\(length) 字节，上限 \(configuration.maxLineLength)），已拒绝。",
                "Line too long (\(length) bytes, limit \(configuration.maxLineLength)); refused."
            ), into: &output)
        case .cancel:
            if case .awaitingPin = phase {
                editor.isMasked = false
                phase = .loggedOut
            }
        case .logout:
            output += [0x0D, 0x0A]
            switch phase {
            case .loggedIn(let name, _):
                audit(who: name, command: "^D", outcome: "logged out")
                endLogin(output: &output)
                return
            case .awaitingPin:
                editor.isMasked = false
                phase = .loggedOut
            case .loggedOut:
                if endsOnLogout { isFinished = true }
            }
        case .complete:
            complete(output: &output)
            return
        }
        if !isFinished { output += prompt }
    }

    private func run(_ text: String, output: inout [UInt8]) {
        guard let words = CommandWords.split(text) else {
            line(language.pick("引号未闭合。", "Unbalanced quote."), into: &output)
            return
        }
        guard !words.isEmpty else { return }
        guard admitCommand() else {
            if commandsInWindow == configuration.maxCommandsPerSecond + 1 {
                line(language.pick("命令过快，已忽略。", "Too many commands; ignored."), into: &output)
            }
            return
        }
        let (path, arguments) = tree.resolve(words)
        guard let node = path.last else {
            line(language.pick("未知命令：\(words[0])（help 查看命令）", "Unknown command: \(words[0]) (try help)"), into: &output)
            auditCommand(text, outcome: "unknown command")
            return
        }
        guard node.access <= access else {
            if who == nil {
                line(language.pick("请先登录：login 用户名", "Log in first: login NAME"), into: &output)
            } else {
                line(language.pick("权限不足：需要技术员账户。", "Permission denied: technician only."), into: &output)
                auditCommand(text, outcome: "denied")
            }
            return
        }
        if arguments.contains("-h") || arguments.contains("--help") || (node.handler == nil && arguments.isEmpty) {
            for helpLine in tree.help(for: path, access: access) { line(helpLine, into: &output) }
            auditCommand(text, outcome: "ok")
            return
        }
        guard let handler = node.handler, node.argumentCount.contains(arguments.count) else {
            let usage = tree.help(for: path, access: access).first ?? ""
            line(language.pick("参数有误。", "Wrong arguments.") + " " + usage, into: &output)
            auditCommand(text, outcome: "error: usage")
            return
        }
        let context = CommandContext(
            environment: environment, who: who, access: access, tree: tree,
            output_bytes: configuration.maxCommandOutput_bytes
        )
        var outcome = "ok"
        do {
            try handler(context, arguments)
        } catch {
            let message = describe(error)
            context.print(message)
            outcome = "error: " + message
        }
        output += context.output.bytes
        if context.output.droppedLines > 0 {
            line(language.pick(
                "……输出过长，其余 \(context.output.droppedLines) 行未显示。",
                "… output cut: \(context.output.droppedLines) more line(s) not shown."
            ), into: &output)
        }
        apply(context.request, commandText: text, outcome: outcome, output: &output)
    }

    /// Counts a command against the per-second limit; false when over it.
    private func admitCommand() -> Bool {
        let now_ms = environment.clock.monotonic_ms()
        if rateWindowStart_ms.map({ now_ms - $0 >= 1_000 }) ?? true {
            rateWindowStart_ms = now_ms
            commandsInWindow = 0
        }
        commandsInWindow += 1
        return commandsInWindow <= configuration.maxCommandsPerSecond
    }

    private func apply(_ request: CommandContext.Request, commandText: String, outcome: String, output: inout [UInt8]) {
        switch request {
        case .none:
            auditCommand(commandText, outcome: outcome)
        case .login(let name):
            if let current = who {
                line(language.pick("已作为 \(current) 登录，请先 logout。", "Already logged in as \(current); logout first."), into: &output)
                auditCommand(commandText, outcome: "refused: already logged in")
            } else {
                phase = .awaitingPin(name: name)
                editor.isMasked = true
            }
        case .logout:
            auditCommand(commandText, outcome: "logged out")
            endLogin(output: &output)
        }
    }

    private func verify(name: String, pin: String, output: inout [UInt8]) {
        phase = .loggedOut
        let command = "login \(name)"
        let now_ms = environment.clock.wallTime_ms()
        let account: TechnicianAccount?
        do {
            account = try environment.accounts.account(named: name)
        } catch {
            line(language.pick("无法读取账户：\(error)", "Cannot read accounts: \(error)"), into: &output)
            return
        }
        guard let account else {
            _ = Self.unknownAccountDigest.matches(pin: pin)
            unknownNameFailures += 1
            audit(who: "-", command: command, outcome: "login failed: unknown name")
            failLogin(delay_ms: configuration.login.delay_ms(afterFailures: unknownNameFailures), output: &output)
            return
        }
        if let lockedUntil = account.lockedUntil_ms, lockedUntil > now_ms {
            audit(who: "-", command: command, outcome: "login refused: locked")
            lockedMessage(until: lockedUntil, output: &output)
            return
        }
        if account.pin.matches(pin: pin) {
            try? environment.accounts.recordSuccessfulLogin(named: name)
            unknownNameFailures = 0
            phase = .loggedIn(name: name, role: account.role)
            audit(who: name, command: command, outcome: "login ok")
            line(language.pick(
                "欢迎，\(name)（\(account.role == .technician ? "技术员" : "操作员")）。",
                "Welcome, \(name) (\(account.role.rawValue))."
            ), into: &output)
            return
        }
        let updated = try? environment.accounts.recordFailedLogin(named: name, now_ms: now_ms, policy: configuration.login)
        let failures = updated?.failedAttempts ?? account.failedAttempts + 1
        if let lockedUntil = updated?.lockedUntil_ms, lockedUntil > now_ms {
            audit(who: "-", command: command, outcome: "login failed (\(failures)), locked")
            lockedMessage(until: lockedUntil, output: &output)
            return
        }
        audit(who: "-", command: command, outcome: "login failed (\(failures))")
        failLogin(delay_ms: configuration.login.delay_ms(afterFailures: failures), output: &output)
    }

    private func failLogin(delay_ms: Int64, output: inout [UInt8]) {
        environment.clock.sleep(milliseconds: delay_ms)
        line(language.pick("登录失败。", "Login failed."), into: &output)
    }

    private func lockedMessage(until lockedUntil_ms: Int64, output: inout [UInt8]) {
        let until = ShellFormat.time(lockedUntil_ms)
        line(language.pick("账户已锁定，至 \(until)。", "Account locked until \(until)."), into: &output)
    }

    private func endLogin(output: inout [UInt8]) {
        phase = .loggedOut
        editor.clear()
        line(language.pick("已退出。", "Logged out."), into: &output)
        if endsOnLogout {
            isFinished = true
        } else {
            output += prompt
        }
    }

    private func complete(output: inout [UInt8]) {
        let (prefix, candidates) = tree.completions(for: editor.textBeforeCursor, access: access)
        guard let first = candidates.first else { return }
        if candidates.count == 1 {
            editor.insert(String(first.dropFirst(prefix.count)) + " ", echo: &output)
            return
        }
        let common = candidates.dropFirst().reduce(first) { $0.commonPrefix(with: $1) }
        if common.count > prefix.count {
            editor.insert(String(common.dropFirst(prefix.count)), echo: &output)
            return
        }
        output += [0x0D, 0x0A]
        line(candidates.joined(separator: "  "), into: &output)
        output += prompt
        editor.render(into: &output)
    }

    private var prompt: [UInt8] {
        switch phase {
        case .loggedOut: Array("kiosk> ".utf8)
        case .awaitingPin: Array("PIN: ".utf8)
        case .loggedIn(let name, let role): Array("kiosk:\(name)\(role == .technician ? "#" : ">") ".utf8)
        }
    }

    private func describe(_ error: any Error) -> String {
        switch error {
        case let failure as CommandFailure: failure.message
        case ShellHostError.notAvailable(let feature):
            language.pick("\(feature)：\(environment.host.modeDescription) 模式下不可用", "\(feature): not available in \(environment.host.modeDescription) mode")
        case ShellHostError.failed(let reason): reason
        default: language.pick("出错：", "error: ") + String(describing: error)
        }
    }

    private func auditCommand(_ text: String, outcome: String) {
        guard let who else { return }
        audit(who: who, command: text, outcome: outcome)
    }

    private func audit(who: String, command: String, outcome: String) {
        let entry = AuditEntry(
            at_ms: environment.clock.wallTime_ms(), who: who, command: String(command.prefix(256)),
            outcome: String(outcome.prefix(256))
        )
        try? environment.audit.record(entry)
    }

    private func line(_ text: String, into output: inout [UInt8]) {
        output += Array(text.utf8)
        output += [0x0D, 0x0A]
    }

    /// Checked against PINs typed for names that do not exist, so a wrong name costs the same time as a wrong PIN.
    private static let unknownAccountDigest = PinDigest(
        salt: Array(repeating: 0, count: PinDigest.saltLength), hash: Array(repeating: 0, count: PinDigest.hashLength),
        algorithm: PinDigest.algorithm, iterations: PinDigest.defaultIterations
    )
}
