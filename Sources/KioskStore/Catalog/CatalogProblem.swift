/// One reason a catalog file was refused, tied to the line of the file it was found on.
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the file where the bad record starts.
    public let line: Int
    /// What is wrong, in a sentence that names the bad value.
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
