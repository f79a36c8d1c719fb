/// Why a board could not be loaded: one error, naming the file, the key and the line.
public struct BoardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The board file, as the user would find it (e.g. `boards/sim/board.yaml`).
    public var file: String
    /// 1-based line of the offending value or key; nil when the problem is the file as a whole.
    public var line: Int?
    /// Dotted key path, e.g. `limits.max_lines_per_order` or `devices[1].usb`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
