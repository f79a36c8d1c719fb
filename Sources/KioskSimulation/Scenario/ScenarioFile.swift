import Glibc

extension ScenarioParser {
    /// Reads and parses the scenario file at `path`. A file that cannot be read is reported as
    /// an error on line 0 of that file.
    public static func parseFile(atPath path: String) throws(ScenarioParseError) -> Scenario {
        guard let file = fopen(path, "rb") else {
            throw ScenarioParseError(fileName: path, line: 0, message: "cannot open the file (errno \(errno))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk[0..<count]
            if count < chunk.count {
                break
            }
        }
        if ferror(file) != 0 {
            throw ScenarioParseError(fileName: path, line: 0, message: "cannot read the file (errno \(errno))")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), fileName: path)
    }
}
