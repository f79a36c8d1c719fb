import KioskCore

/// The day's close: its journal entries (read back at audit from a disk that may have been damaged) and
/// the providers' statement files (another company's bytes, imported by a technician).
enum DayCloseChecks {
    /// An entry that decodes encodes to bytes that decode to the same entry, and encode the same again.
    static func entry(_ bytes: [UInt8]) {
        guard let entry = try? DayEntry(decoding: bytes) else { return }
        let again = try? DayEntry(decoding: entry.bytes)
        require(again == entry, "\(entry) encodes to bytes that decode as \(String(describing: again))")
        require(again?.bytes == entry.bytes, "\(entry) does not encode the same twice")
    }

    /// A statement in either layout parses or is refused, never traps; what parses has amounts of zero or
    /// more, no more rows than the limit, and matches against itself with nothing missing.
    static func statement(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for provider in ProviderStatement.Provider.allCases {
            guard let lines = try? ProviderStatement.parse(text, provider: provider) else { continue }
            require(lines.count <= ProviderStatement.maximumRows, "\(lines.count) rows parsed")
            require(lines.allSatisfy { $0.amountFen >= 0 }, "a negative amount parsed")
            let payments = lines.filter { !$0.isRefund }
                .map { ProviderStatement.Payment(merchantOrderNo: $0.merchantOrderNo, amountFen: $0.amountFen, time: "") }
            let match = StatementMatch(station: payments, statement: lines)
            require(match.missingAtProvider.isEmpty && match.missingHere.isEmpty,
                    "a statement matched against its own payments misses some")
        }
    }
}
