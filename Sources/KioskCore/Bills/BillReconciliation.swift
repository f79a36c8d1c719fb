/// The biller's daily file matched against the station's bills: what both agree on, what the station paid
/// and the biller does not list, what the biller lists and the station did not pay, and amounts that differ.
///
/// The file is CSV with a header `key,amount_fen,reference`: one line per payment the biller took that day,
/// keyed by the bill's idempotency key (``Bill/idempotencyKey(stationID:)``).
public struct BillReconciliation: Hashable, Sendable {
    /// One payment the biller lists.
    public struct StatementLine: Hashable, Sendable {
        public var key: String
        public var amountFen: Int64
        public var reference: String

        public init(key: String, amountFen: Int64, reference: String) {
            self.key = key
            self.amountFen = amountFen
            self.reference = reference
        }
    }

    /// A bill whose amount is not the one the biller took.
    public struct AmountDifference: Hashable, Sendable {
        public var billID: Int64
        public var stationFen: Int64
        public var billerFen: Int64
    }

    /// Bills both sides agree on.
    public var matched: [Int64] = []
    /// Bills the station settled as paid that the biller does not list.
    public var missingAtBiller: [Int64] = []
    /// Keys the biller lists that the station has not settled as paid (unknown, pending, or refunded).
    public var missingHere: [String] = []
    public var amountDiffers: [AmountDifference] = []

    /// Matches `statement` against the station's `bills` (those of the file's day).
    public init(bills: [Bill], statement: [StatementLine], stationID: String) {
        var listed: [String: StatementLine] = [:]
        for line in statement { listed[line.key] = line }
        var paidKeys: Set<String> = []
        for bill in bills where bill.phase == .succeeded {
            let key = bill.idempotencyKey(stationID: stationID)
            paidKeys.insert(key)
            guard let line = listed[key] else {
                missingAtBiller.append(bill.id)
                continue
            }
            if line.amountFen == bill.amountFen {
                matched.append(bill.id)
            } else {
                amountDiffers.append(AmountDifference(billID: bill.id, stationFen: bill.amountFen, billerFen: line.amountFen))
            }
        }
        missingHere = statement.map(\.key).filter { !paidKeys.contains($0) }
    }

    /// Whether both sides agree on everything.
    public var isClean: Bool { missingAtBiller.isEmpty && missingHere.isEmpty && amountDiffers.isEmpty }

    /// Reads the biller's CSV (`key,amount_fen,reference`, header first; blank lines skipped); the line
    /// number of the first line that is not a payment when one is not.
    public static func statement(csv text: String) -> Result<[StatementLine], StatementError> {
        var lines: [StatementLine] = []
        // CR LF is one Character in Swift: a line end of its own (files written on Windows).
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if index == 0 {
                guard fields == ["key", "amount_fen", "reference"] else { return .failure(StatementError(line: 1)) }
                continue
            }
            guard fields.count == 3, !fields[0].isEmpty, let amount = Int64(fields[1]), amount > 0 else {
                return .failure(StatementError(line: index + 1))
            }
            lines.append(StatementLine(key: fields[0], amountFen: amount, reference: fields[2]))
        }
        return .success(lines)
    }

    /// A line of the biller's file that is not a payment.
    public struct StatementError: Error, Hashable, Sendable {
        public var line: Int
    }
}
