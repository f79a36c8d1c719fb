/// A county's biller list as its admin writes it by hand (the down-link's `billers` document), a header
/// and one biller a line:
///
///     code,name,kind,barcode
///     sgcc,国网电费,electricity,{account:10}{amount:8}
///     water,自来水费,water,SW{account:8}{skip:6}
///     cmcc,移动话费,phone,
///
/// `kind` is `electricity`, `water`, `phone` or `social_insurance`; `barcode` (the column may be left
/// out, or a line's value empty) is the code the biller prints on its bills, as a board's `barcode:`.
/// Codes, names and kinds follow the board's rules for its `bills.billers` (``Biller/codeIsValid(_:)``,
/// ``Biller/nameIsValid(_:)``). Blank lines and lines starting with `#` are ignored. The list is in the
/// order the operator picks from, and holds at least one biller.
public enum BillerListFile {
    /// What is wrong with a file, and where.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "billers line \(line): \(message)" }
    }

    /// The billers of a file, and the barcode each prints on its bills by biller code.
    public struct List: Hashable, Sendable {
        public var billers: [Biller]
        public var barcodes: [String: BillBarcodeFormat]

        public init(billers: [Biller], barcodes: [String: BillBarcodeFormat]) {
            self.billers = billers
            self.barcodes = barcodes
        }
    }

    public static func parse(_ text: String) -> Result<List, Problem> {
        var columns: Int?
        var list = List(billers: [], barcodes: [:])
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func problem(_ message: String) -> Result<List, Problem> { .failure(Problem(line: index + 1, message: message)) }
            guard let columns else {
                guard fields == ["code", "name", "kind"] || fields == ["code", "name", "kind", "barcode"] else {
                    return problem("expected the header code,name,kind,barcode")
                }
                columns = fields.count
                continue
            }
            guard fields.count == columns else { return problem("expected \(columns) fields, found \(fields.count)") }
            let (code, name, kindName) = (fields[0], fields[1], fields[2])
            guard Biller.codeIsValid(code), !list.billers.contains(where: { $0.code == code }) else {
                return problem("a biller's code is 1 to \(Biller.maximumCodeBytes) characters and unique (found '\(code)')")
            }
            guard Biller.nameIsValid(name) else {
                return problem("a biller's name is 1 to \(Biller.maximumNameBytes) bytes (found '\(name)')")
            }
            guard let kind = BillerKind(boardName: kindName) else {
                return problem("expected \(BillerKind.boardNames) (found '\(kindName)')")
            }
            if columns == 4, !fields[3].isEmpty {
                guard let format = BillBarcodeFormat(pattern: fields[3]) else {
                    return problem("\(BillBarcodeFormat.patternRule) (found '\(fields[3])')")
                }
                list.barcodes[code] = format
            }
            list.billers.append(Biller(code: code, name: name, kind: kind))
        }
        guard columns != nil else { return .failure(Problem(line: 1, message: "no header line")) }
        guard !list.billers.isEmpty else { return .failure(Problem(line: 1, message: "no billers")) }
        return .success(list)
    }
}
