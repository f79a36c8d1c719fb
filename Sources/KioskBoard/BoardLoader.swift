import Foundation
import KioskCore
import Yams

/// Finds board folders and turns `board.yaml` files into validated ``Board`` values.
///
/// The boards folder is, in order: the one passed in, `$KIOSK_BOARDS_DIR`, `./boards`, or a `boards`
/// folder beside one of the executable's parent folders (so a binary inside `.build/` finds the
/// repository's boards).
public struct BoardLoader: Sendable {
    /// The folder holding one sub-folder per board.
    public let boardsDirectory: URL

    /// The board every command uses when none is named.
    public static let defaultBoardName = "sim"
    /// The file inside each board folder.
    public static let boardFileName = "board.yaml"

    public init(boardsDirectory: URL) {
        self.boardsDirectory = boardsDirectory
    }

    /// Locates the boards folder as described above; throws when none exists.
    public static func locate(explicit: String? = nil) throws(BoardError) -> BoardLoader {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let explicit {
            candidates.append(URL(fileURLWithPath: explicit))
        } else {
            if let fromEnvironment = ProcessInfo.processInfo.environment["KIOSK_BOARDS_DIR"] {
                candidates.append(URL(fileURLWithPath: fromEnvironment))
            }
            candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("boards"))
            var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(folder.appendingPathComponent("boards"))
                folder.deleteLastPathComponent()
            }
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return BoardLoader(boardsDirectory: candidate.standardizedFileURL)
            }
        }
        throw BoardError(file: explicit ?? "boards", line: nil, key: nil,
                         message: "no boards folder found (pass --boards-dir or set KIOSK_BOARDS_DIR)")
    }

    /// Names of the board folders that hold a board file, sorted.
    public func boardNames() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: boardsDirectory.path)) ?? []
        return entries.filter { name in
            FileManager.default.fileExists(atPath: fileURL(name).path)
        }.sorted()
    }

    /// The board file of board `name`.
    public func fileURL(_ name: String) -> URL {
        boardsDirectory.appendingPathComponent(name).appendingPathComponent(Self.boardFileName)
    }

    /// Loads and validates board `name`.
    public func load(_ name: String) throws(BoardError) -> Board {
        let displayPath = "boards/\(name)/\(Self.boardFileName)"
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw BoardError(file: displayPath, line: nil, key: nil, message: "'\(name)' is not a board name")
        }
        let url = fileURL(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = boardNames().joined(separator: ", ")
            throw BoardError(file: displayPath, line: nil, key: nil,
                             message: "no such board (known boards: \(known))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BoardError(file: displayPath, line: nil, key: nil, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BoardError(file: displayPath, line: nil, key: nil, message: "is not UTF-8 text")
        }
        var board = try Self.parse(text, file: displayPath)
        guard board.name == name else {
            throw BoardError(file: displayPath, line: nil, key: "board.name",
                             message: "is '\(board.name)' but the folder is '\(name)'")
        }
        board.folderPath = url.deletingLastPathComponent().path
        return board
    }

    /// Parses and validates board YAML text; `file` only names the source in errors.
    public static func parse(_ text: String, file: String) throws(BoardError) -> Board {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw BoardError(file: file, line: nil, key: nil, message: "is empty")
            }
            root = composed
        } catch let error as BoardError {
            throw error
        } catch let error as YamlError {
            let (line, problem) = Self.locate(error)
            throw BoardError(file: file, line: line, key: nil, message: "is not valid YAML: \(problem)")
        } catch {
            throw BoardError(file: file, line: nil, key: nil, message: "is not valid YAML (\(error))")
        }
        return try BoardDecoder(file: file).decode(root)
    }

    private static func locate(_ error: YamlError) -> (line: Int?, problem: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return (nil, "duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return (nil, String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable")
        }
    }
}

extension Board {
    /// The produce desk's price list and container tares, from `produce.csv` in the board's folder (the
    /// one it was loaded from, so `--boards-dir` is honoured): nil when the board has no folder or no
    /// such file (no produce desk); a problem when the file does not parse.
    public func produceTables() -> Result<(ProducePriceTable, ContainerTares), ProduceTableFile.Problem>? {
        guard let folderPath,
              let text = try? String(contentsOfFile: folderPath + "/produce.csv", encoding: .utf8)
        else { return nil }
        return ProduceTableFile.parse(text)
    }
}
