import Foundation
import Yams

/// Reads one YAML mapping with types checked and every key accounted for.
///
/// Each read marks its key as known; ``finish()`` then reports the first key nobody read, so a typo in a
/// board file (`max_line_per_order`) is an error rather than a silently ignored setting.
struct YAMLMapping {
    let file: String
    let path: String
    let line: Int?
    private let entries: [(key: String, keyLine: Int?, value: Node)]
    private var known: Set<String> = []

    init(_ node: Node, file: String, path: String) throws(BoardError) {
        self.file = file
        self.path = path
        self.line = node.mark?.line
        guard case .mapping(let mapping) = node else {
            throw BoardError(file: file, line: node.mark?.line, key: path.isEmpty ? nil : path,
                             message: "expected a mapping of keys to values")
        }
        var entries: [(key: String, keyLine: Int?, value: Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw BoardError(file: file, line: keyNode.mark?.line, key: path.isEmpty ? nil : path,
                                 message: "keys must be plain names")
            }
            guard seen.insert(scalar.string).inserted else {
                throw BoardError(file: file, line: keyNode.mark?.line, key: Self.join(path, scalar.string),
                                 message: "appears twice")
            }
            entries.append((scalar.string, keyNode.mark?.line, value))
        }
        self.entries = entries
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    func keyPath(_ key: String) -> String { Self.join(path, key) }

    func error(_ key: String, _ node: Node?, _ message: String) -> BoardError {
        BoardError(file: file, line: node?.mark?.line ?? line, key: keyPath(key), message: message)
    }

    /// The value node of `key`, marking it known; nil when absent.
    mutating func node(_ key: String) -> Node? {
        known.insert(key)
        return entries.first { $0.key == key }?.value
    }

    mutating func requiredNode(_ key: String) throws(BoardError) -> Node {
        guard let node = node(key) else {
            throw BoardError(file: file, line: line, key: keyPath(key), message: "is required")
        }
        return node
    }

    mutating func string(_ key: String) throws(BoardError) -> String {
        let node = try requiredNode(key)
        return try scalarString(key, node)
    }

    mutating func optionalString(_ key: String) throws(BoardError) -> String? {
        guard let node = node(key) else { return nil }
        return try scalarString(key, node)
    }

    private func scalarString(_ key: String, _ node: Node) throws(BoardError) -> String {
        guard case .scalar(let scalar) = node, node.null == nil else {
            throw error(key, node, "expected text")
        }
        return scalar.string
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(BoardError) -> Int {
        try intValue(key, try requiredNode(key), in: range)
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>, default value: Int) throws(BoardError) -> Int {
        guard let node = node(key) else { return value }
        return try intValue(key, node, in: range)
    }

    private func intValue(_ key: String, _ node: Node, in range: ClosedRange<Int>) throws(BoardError) -> Int {
        guard case .scalar = node, let value = node.int else {
            throw error(key, node, "expected a whole number, found \(Self.describe(node))")
        }
        guard range.contains(value) else {
            throw error(key, node, "must be between \(range.lowerBound) and \(range.upperBound) (found \(value))")
        }
        return value
    }

    mutating func bool(_ key: String, default value: Bool) throws(BoardError) -> Bool {
        guard let node = node(key) else { return value }
        guard case .scalar = node, let flag = node.bool else {
            throw error(key, node, "expected true or false, found \(Self.describe(node))")
        }
        return flag
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, _ type: Choice.Type, default fallback: Choice? = nil
    ) throws(BoardError) -> Choice where Choice.RawValue == String {
        guard let node = node(key) else {
            if let fallback { return fallback }
            throw BoardError(file: file, line: line, key: keyPath(key), message: "is required")
        }
        let text = try scalarString(key, node)
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(key, node, "unknown value '\(text)' (allowed: \(allowed))")
        }
        return value
    }

    mutating func mapping(_ key: String) throws(BoardError) -> YAMLMapping {
        try YAMLMapping(try requiredNode(key), file: file, path: keyPath(key))
    }

    mutating func optionalMapping(_ key: String) throws(BoardError) -> YAMLMapping? {
        guard let node = node(key) else { return nil }
        return try YAMLMapping(node, file: file, path: keyPath(key))
    }

    mutating func sequence(_ key: String) throws(BoardError) -> [Node] {
        let node = try requiredNode(key)
        guard case .sequence(let sequence) = node else {
            throw error(key, node, "expected a list")
        }
        return Array(sequence)
    }

    /// Every key of the mapping, in file order, for free-form maps such as a keypad's key map.
    var keys: [String] { entries.map(\.key) }

    /// Fails on the first key that no read asked for.
    func finish() throws(BoardError) {
        if let unknown = entries.first(where: { !known.contains($0.key) }) {
            let expected = known.sorted().joined(separator: ", ")
            throw BoardError(file: file, line: unknown.keyLine, key: keyPath(unknown.key),
                             message: "unknown key (expected one of: \(expected))")
        }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
