/// A setting `config get|set` may touch: its name, what it holds, and the values it accepts.
public struct ConfigKey: Sendable {
    /// What values a key accepts.
    public enum Kind: Sendable {
        case integer(ClosedRange<Int64>)
        case choice([String])
        /// Printable ASCII text up to the given length.
        case text(maxLength: Int)
    }

    public let name: String
    public let summary: String
    public let kind: Kind
    public let defaultValue: String

    /// The log levels `log level` and `log.level` accept.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Every known key; `config set` refuses any other.
    public static let all: [ConfigKey] = [
        ConfigKey(name: "ui.language", summary: "operator language 操作语言", kind: .choice(["zh-Hans", "en"]), defaultValue: "zh-Hans"),
        ConfigKey(name: "station.name", summary: "station name on receipts 站点名称", kind: .text(maxLength: 32), defaultValue: ""),
        ConfigKey(name: "receipt.footer", summary: "receipt footer line 小票页脚", kind: .text(maxLength: 48), defaultValue: ""),
        ConfigKey(name: "printer.paper_mm", summary: "paper width 纸宽", kind: .choice(["58", "80"]), defaultValue: "58"),
        ConfigKey(name: "scanner.debounce_ms", summary: "same-code debounce 重复扫码间隔", kind: .integer(0...5_000), defaultValue: "800"),
        ConfigKey(name: "payment.timeout_s", summary: "payment answer timeout 支付超时", kind: .integer(10...300), defaultValue: "60"),
        ConfigKey(name: "sync.interval_s", summary: "upload interval 上传间隔", kind: .integer(10...86_400), defaultValue: "300"),
        ConfigKey(name: "shell.idle_timeout_s", summary: "shell inactivity logout 维护会话超时", kind: .integer(30...3_600), defaultValue: "300"),
        ConfigKey(name: "log.level", summary: "log level 日志级别", kind: .choice(logLevels), defaultValue: "info"),
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
        case .text(let maxLength):
            let bytes = Array(value.utf8)
            guard bytes.count <= maxLength, bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
                throw .badText(maxLength: maxLength)
            }
            return value
        }
    }

    /// The accepted values, for help and error messages.
    public var valuesDescription: String {
        switch kind {
        case .integer(let range): "\(range.lowerBound)…\(range.upperBound)"
        case .choice(let choices): choices.joined(separator: "|")
        case .text(let maxLength): "text ≤ \(maxLength)"
        }
    }
}

/// Why `config set` refused a value.
public enum ConfigValueError: Error, Equatable, Sendable {
    case outOfRange(String)
    case notAChoice([String])
    case badText(maxLength: Int)
}
