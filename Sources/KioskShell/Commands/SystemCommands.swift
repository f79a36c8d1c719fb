/// `db`, `config`, `log level`, `time show`, `audit` in every shell; `log tail`, `time set`, `reboot` and
/// `shutdown` contributed by a running station, against its ``SystemControls``.
public enum SystemCommands {
    /// The commands a running station adds, each calling `controls`.
    public static func nodes(_ controls: any SystemControls) -> [CommandNode] {
        [
            CommandNode("log", summary: "kiosk log 日志", access: .stationOperator, children: [
                CommandNode("tail", usage: "[N]", summary: "last N log lines 最近日志", access: .stationOperator, arguments: 0...1) { context, arguments in
                    let lines = try arguments.first.map { min(Int(try ShellFormat.positiveNumber($0, "N")), 200) } ?? 20
                    for line in try controls.logTail(lines: lines) { context.print(line) }
                },
            ]),
            CommandNode("time", summary: "system clock 系统时间", access: .stationOperator, children: [
                CommandNode("set", usage: "2026-11-23T18:00:00+08:00", summary: "set the clock 设置时间", access: .technician, arguments: 1...1) { context, arguments in
                    guard let wallTime_ms = ShellFormat.parseTime(arguments[0]) else {
                        throw CommandFailure("time set: expected 格式 2026-11-23T18:00:00+08:00")
                    }
                    try controls.setClock(wallTime_ms: wallTime_ms)
                    context.print(ShellFormat.time(wallTime_ms))
                },
            ]),
            CommandNode("reboot", summary: "restart the kiosk 重启", access: .technician) { context, _ in
                try controls.reboot()
                context.say("正在重启…", "rebooting…")
            },
            CommandNode("shutdown", summary: "stop the kiosk 关机", access: .technician) { context, _ in
                try controls.shutdown()
                context.say("正在关机…", "shutting down…")
            },
        ]
    }

    static let database = CommandNode("db", summary: "database 数据库", access: .stationOperator, children: [
        CommandNode("check", summary: "integrity check 完整性检查", access: .technician) { context, _ in
            let report = try context.host.checkDatabase()
            guard report.isClean else {
                for problem in report.problems.prefix(20) { context.print(problem) }
                throw CommandFailure("db check: \(report.problems.count) problem(s) 发现问题")
            }
            context.print("db check: ok 正常")
        },
        CommandNode("backup", summary: "write a consistent copy 备份", access: .technician) { context, _ in
            context.print("backup 备份: \(try context.host.backupDatabase())")
        },
        CommandNode("stats", summary: "row counts and size 统计", access: .stationOperator) { context, _ in
            let stats = try context.host.databaseStats()
            for count in stats.rowCounts { context.print("\(count.table): \(count.rows)") }
            context.print("file 文件: \(stats.fileBytes) B, wal: \(stats.walBytes) B")
        },
    ])

    static let config = CommandNode("config", summary: "settings 配置", access: .stationOperator, children: [
        CommandNode(
            "get", usage: "[KEY]", summary: "show one or all settings 查看配置", access: .stationOperator, arguments: 0...1,
            completer: configKeyCompleter
        ) { context, arguments in
            let keys = try arguments.first.map { [try knownKey($0)] } ?? ConfigKey.all
            for key in keys {
                let stored = try context.host.setting(key.name)
                context.print("\(key.name) = \(stored ?? key.defaultValue)\(stored == nil ? " (default)" : "")  [\(key.valuesDescription)]  \(key.summary)")
            }
        },
        CommandNode(
            "set", usage: "KEY VALUE", summary: "change a setting 修改配置", access: .technician, arguments: 2...2,
            completer: configValueCompleter
        ) { context, arguments in
            let key = try knownKey(arguments[0])
            let value: String
            do {
                value = try key.validate(arguments[1])
            } catch {
                throw CommandFailure("\(key.name): invalid value 无效值 \"\(arguments[1])\" (\(key.valuesDescription))")
            }
            if key.name == "log.level" {
                try context.host.setLogLevel(value)
            } else {
                try context.host.setSetting(key.name, value: value)
            }
            switch key.effect {
            case .now: context.print("\(key.name) = \(value)")
            case .nextStart: context.print("\(key.name) = \(value)  (after `reboot` 重启后生效)")
            }
        },
    ])

    static let log = CommandNode("log", summary: "kiosk log 日志", access: .stationOperator, children: [
        CommandNode(
            "level", usage: "L", summary: "set the log level 日志级别", access: .technician, arguments: 1...1,
            completer: { previous in previous.isEmpty ? ConfigKey.logLevels : [] }
        ) { context, arguments in
            guard ConfigKey.logLevels.contains(arguments[0]) else {
                throw CommandFailure("log level: one of 可选 \(ConfigKey.logLevels.joined(separator: "|"))")
            }
            try context.host.setLogLevel(arguments[0])
            context.print("log level 日志级别 = \(arguments[0])")
        },
    ])

    static let time = CommandNode("time", summary: "system clock 系统时间", access: .stationOperator, children: [
        CommandNode("show", summary: "current time 当前时间", access: .stationOperator) { context, _ in
            context.print(ShellFormat.time(context.environment.clock.wallTime_ms()))
        },
    ])

    static let audit = CommandNode("audit", summary: "audit trail 审计记录", access: .technician, children: [
        CommandNode("tail", usage: "[N]", summary: "last N commands 最近命令", access: .technician, arguments: 0...1) { context, arguments in
            let limit = try arguments.first.map { min(Int(try ShellFormat.positiveNumber($0, "N")), 200) } ?? 20
            for entry in try context.environment.audit.recent(limit: limit) {
                context.print("\(ShellFormat.time(entry.at_ms))  \(entry.who)  \(entry.command)  → \(entry.outcome)")
            }
        },
    ])


    private static func knownKey(_ name: String) throws -> ConfigKey {
        guard let key = ConfigKey.named(name) else {
            throw CommandFailure("config: unknown key 未知配置项 \(name)")
        }
        return key
    }

    private static let configKeyCompleter: CommandNode.ArgumentCompleter = { previous in
        previous.isEmpty ? ConfigKey.all.map(\.name) : []
    }

    /// Completes the key, then the value when the key is a choice.
    private static let configValueCompleter: CommandNode.ArgumentCompleter = { previous in
        guard let keyName = previous.first else { return ConfigKey.all.map(\.name) }
        guard previous.count == 1, case .choice(let choices) = ConfigKey.named(keyName)?.kind else { return [] }
        return choices
    }
}
