/// A line of a scenario file that does not follow the grammar.
public struct ScenarioParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var fileName: String
    /// 1-based line number; 0 when the file itself could not be read.
    public var line: Int
    /// What the parser expected, e.g. `expected a duration such as 45s, 500ms or 2m, found "soon"`.
    public var message: String

    public init(fileName: String, line: Int, message: String) {
        self.fileName = fileName
        self.line = line
        self.message = message
    }

    /// `file:line: message`, as compilers print it (`file: message` for line 0).
    public var description: String {
        line == 0 ? "\(fileName): \(message)" : "\(fileName):\(line): \(message)"
    }
}
