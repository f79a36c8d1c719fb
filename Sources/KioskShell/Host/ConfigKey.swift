/// A setting `config get|set` may touch: its name, what it holds, and the values it accepts.
public struct ConfigKey: Sendable {
    /// What values a key accepts.
    public enum Kind: Sendable {
        case integer(ClosedRange<Int64>)
        case choice([String])
        /// Printable text (Chinese included) at most this many columns wide, a Chinese character counting two.
        case text(maxColumns: Int)
    }

    /// When a stored value changes what the kiosk does.
    public enum Effect: Sendable {
        /// At once.
        case now
        /// When the kiosk next starts (the shell's `reboot`).
        case nextStart
    }

    public let name: String
    public let summary: String
    public let kind: Kind
    public let defaultValue: String
    public let effect: Effect

    init(name: String, summary: String, kind: Kind, defaultValue: String, effect: Effect = .nextStart) {
        self.name = name
        self.summary = summary
        self.kind = kind
        self.defaultValue = defaultValue
        self.effect = effect
    }

    /// The log levels `log level` and `log.level` accept.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Every known key; `config set` refuses any other. Hardware (paper, scanner timing) is the board's,
    /// in `boards/NAME/board.yaml`, not a setting.
    public static let all: [ConfigKey] = [
        ConfigKey(name: "ui.language", summary: "shell language 维护界面语言", kind: .choice(["zh-Hans", "en"]), defaultValue: "zh-Hans"),
        ConfigKey(name: "station.name", summary: "receipt header, instead of the board's 小票抬头", kind: .text(maxColumns: 32), defaultValue: ""),
        ConfigKey(name: "receipt.footer", summary: "receipt closing line 小票结尾", kind: .text(maxColumns: 48), defaultValue: ""),
        ConfigKey(name: "payment.timeout_s", summary: "payment answer timeout 支付超时", kind: .integer(10...300), defaultValue: "30"),
        ConfigKey(name: "payment.qr_timeout_s", summary: "payment QR closed unpaid after 收款码超时", kind: .integer(30...600), defaultValue: "120"),
        ConfigKey(name: "shell.idle_timeout_s", summary: "shell inactivity logout 维护会话超时", kind: .integer(30...3_600), defaultValue: "300"),
        ConfigKey(name: "log.level", summary: "log level 日志级别", kind: .choice(logLevels), defaultValue: "info", effect: .now),
    ]

    /// The key called `name`, if known.
    public static func named(_ name: String) -> ConfigKey? {
        all.first { $0.name == name }
    }

    /// Returns `value` in its stored form, or throws why it is refused.
    public func validate(_ value: String) throws(ConfigValueError) -> String {
        switch kind {
        case .integer(let range):
            guard let number = Int64(value), range.contains(number) else {
                throw .outOfRange("\(range.lowerBound)…\(range.upperBound)")
            }
            return String(number)
        case .choice(let choices):
            guard choices.contains(value) else { throw .notAChoice(choices) }
            return value
        case .text(let maxColumns):
            guard TerminalWidth.columns(of: value) <= maxColumns, value.unicodeScalars.allSatisfy(TerminalWidth.isPrintable) else {
                throw .badText(maxColumns: maxColumns)
            }
            return value
        }
    }

    /// `stored` in its stored form if this key still accepts it (a value an older kiosk wrote may no
    /// longer be valid), else nil.
    public func accepted(_ stored: String?) -> String? {
        stored.flatMap { try? validate($0) }
    }

    /// The accepted values, for help and error messages.
    public var valuesDescription: String {
        switch kind {
        case .integer(let range): "\(range.lowerBound)…\(range.upperBound)"
        case .choice(let choices): choices.joined(separator: "|")
        case .text(let maxColumns): "text ≤ \(maxColumns) columns, a Chinese character 2"
        }
    }
}

/// Why `config set` refused a value.
public enum ConfigValueError: Error, Equatable, Sendable {
    case outOfRange(String)
    case notAChoice([String])
    case badText(maxColumns: Int)
}
