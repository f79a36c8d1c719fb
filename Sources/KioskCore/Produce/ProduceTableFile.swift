/// The produce desk's tables as a board ships them (`boards/<name>/produce.csv`), one record a line:
///
///     version,3
///     price,walnut,A,2400,06900000000021      (produce, grade, fen per kg, GTIN-14 of its lots)
///     container,basket,800                    (container type, tare in grams)
///
/// Blank lines and lines starting with `#` are ignored.
public enum ProduceTableFile {
    /// What is wrong with a file, and where.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "produce.csv line \(line): \(message)" }
    }

    public static func parse(_ text: String) -> Result<(ProducePriceTable, ContainerTares), Problem> {
        var version: Int64?
        var entries: [ProducePriceTable.Entry] = []
        var tares: [String: Int64] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func problem(_ message: String) -> Result<(ProducePriceTable, ContainerTares), Problem> {
                .failure(Problem(line: index + 1, message: message))
            }
            switch (fields.first, fields.count) {
            case ("version", 2):
                guard let number = Int64(fields[1]), number > 0 else { return problem("version must be a positive number") }
                version = number
            case ("price", 5):
                guard !fields[1].isEmpty, !fields[2].isEmpty, let fen = Int64(fields[3]), fen >= 0 else {
                    return problem("price needs produce, grade and whole fen per kg")
                }
                guard fields[4].utf8.count == 14, ProductCode.isValidGTIN(fields[4]) else {
                    return problem("\(fields[4]) is not a GTIN-14 with a valid check digit")
                }
                entries.append(ProducePriceTable.Entry(produce: fields[1], grade: fields[2], fenPerKg: fen, gtin: fields[4]))
            case ("container", 3):
                guard !fields[1].isEmpty, let grams = Int64(fields[2]), grams >= 0, tares[fields[1]] == nil else {
                    return problem("container needs a new name and whole grams of tare")
                }
                tares[fields[1]] = grams
            default:
                return problem("expected version,N or price,produce,grade,fen_per_kg,gtin or container,name,tare_g")
            }
        }
        guard let version else { return .failure(Problem(line: 1, message: "no version line")) }
        guard let table = ProducePriceTable(version: version, entries: entries) else {
            return .failure(Problem(line: 1, message: "a produce and grade is priced twice"))
        }
        return .success((table, ContainerTares(tares)))
    }
}
