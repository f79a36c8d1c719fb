import Foundation
import GRDB
import KioskCore

extension JournalDomain {
    /// The day's close: its opening float, cash removed, counts, Z reports and their reprints.
    public static let day = JournalDomain("day")
}

/// A Z report as stored.
public struct StoredZReport: Sendable, Equatable {
    /// The Z's own journal sequence.
    public var sequence: Int64
    /// The Z as journaled (number, date, float, count, figures).
    public var closing: DayClosing
    /// The document printed when it was written.
    public var document: [UInt8]
    public var closedAtMs: Int64
}

/// A statement mismatch as stored: its entry's sequence, what was found, and the acquirer's latest answer.
public struct StoredStatementMismatch: Sendable, Equatable {
    public var sequence: Int64
    public var mismatch: StatementMismatch
    public var foundAtMs: Int64
    /// The acquirer's latest answer; nil while none has come.
    public var answer: MismatchAnswer?
    public var answeredAtMs: Int64?

    public init(sequence: Int64, mismatch: StatementMismatch, foundAtMs: Int64, answer: MismatchAnswer? = nil,
                answeredAtMs: Int64? = nil) {
        self.sequence = sequence
        self.mismatch = mismatch
        self.foundAtMs = foundAtMs
        self.answer = answer
        self.answeredAtMs = answeredAtMs
    }
}

/// The day's close in the store: the rows its journal entries write, and what is read back to decide
/// the next one (see ``DaySoFar``) and to show, print again and audit the Zs.
public struct DayCloseRecords: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The rows `entry` writes with its journal entry (which it follows in the transaction: the rows take
    /// its sequence as the journal's newest). A Z's row holds `document`, its printed bytes.
    public static func writes(for entry: DayEntry, document: [UInt8], atMs: Int64) -> [StoreWrite] {
        switch entry {
        case .opened, .cashRemoved, .counted:
            return [StoreWrite("INSERT INTO day_entries (seq, kind, entry, at_ms) VALUES ((SELECT max(seq) FROM journal), ?, ?, ?)",
                               .text(entry.kind), .blob(entry.bytes), .integer(atMs))]
        case .closed(let closing):
            return [StoreWrite("""
                INSERT INTO z_reports (z, seq, from_seq, business_date, float_fen, expected_cash_fen, counted_cash_fen,
                    variance_fen, entry, document, closed_at_ms)
                VALUES (?, (SELECT max(seq) FROM journal), ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                .integer(Int64(closing.z)), .integer(closing.fromSequence), .integer(Int64(closing.businessDate)),
                .integer(closing.floatFen), .integer(closing.expectedCashFen), .integer(closing.countedCashFen),
                .integer(closing.varianceFen), .blob(entry.bytes), .blob(document), .integer(atMs))]
        case .mismatchFound(let mismatch):
            return [StoreWrite("""
                INSERT INTO statement_mismatches (seq, provider, business_date, merchant_order_no, kind, station_fen,
                    provider_fen, entry, found_at_ms)
                VALUES ((SELECT max(seq) FROM journal), ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                .text(mismatch.provider.rawValue), .integer(Int64(mismatch.businessDate)), .text(mismatch.merchantOrderNo),
                .text(mismatch.kind.name), .integer(mismatch.stationFen), .integer(mismatch.providerFen),
                .blob(entry.bytes), .integer(atMs))]
        case .mismatchAnswered(let sequence, let answer):
            return [StoreWrite("""
                UPDATE statement_mismatches SET answer = ?, answer_seq = (SELECT max(seq) FROM journal), answered_at_ms = ?
                WHERE seq = ?
                """, .text(answer.name), .integer(atMs), .integer(sequence))]
        case .reprinted, .xPrinted:
            return []
        }
    }

    /// What the store holds of the business day since the last Z.
    public func daySoFar() throws(StoreError) -> DaySoFar {
        try database.reading { db in
            var day = DaySoFar()
            if let last = try Self.zReport(db, sql: "SELECT seq, entry, document, closed_at_ms FROM z_reports ORDER BY z DESC LIMIT 1") {
                day.lastZ = last.closing.z
                day.lastZSequence = last.sequence
                day.lastClosedDate = last.closing.businessDate
                day.lastCountedFen = last.closing.countedCashFen
            }
            let rows = try Row.fetchAll(db, sql: "SELECT entry FROM day_entries WHERE seq > ? ORDER BY seq",
                                        arguments: [day.lastZSequence])
            for row in rows {
                let bytes: Data = row[0]
                switch try DayEntry(decoding: [UInt8](bytes)) {
                case .opened(let opening): day.opening = opening
                case .cashRemoved(let removal): day.cashRemovedFen += removal.fen
                case .counted(let counted): day.counted = counted
                case .closed, .reprinted, .mismatchFound, .mismatchAnswered, .xPrinted: break
                }
            }
            return day
        }
    }

    /// Every Z, oldest first.
    public func zReports() throws(StoreError) -> [StoredZReport] {
        try database.reading { db in
            try Row.fetchAll(db, sql: "SELECT seq, entry, document, closed_at_ms FROM z_reports ORDER BY z").map(Self.zReport)
        }
    }

    /// Z number `z`, if written.
    public func zReport(_ z: UInt32) throws(StoreError) -> StoredZReport? {
        try database.reading { db in
            try Row.fetchOne(db, sql: "SELECT seq, entry, document, closed_at_ms FROM z_reports WHERE z = ?",
                             arguments: [Int64(z)]).map(Self.zReport)
        }
    }

    /// The code payments by `method` (`wechat`, `alipay`) that took money between `fromMs` and `toMs`
    /// (refunded ones too: the provider lists the charge and its refund), as a statement lists them.
    public func providerPayments(method: String, fromMs: Int64, toMs: Int64) throws(StoreError) -> [ProviderStatement.Payment] {
        try database.reading { db in
            try Row.fetchAll(db, sql: """
                SELECT merchant_order_no, amount_fen, created_at_ms FROM payments
                WHERE method = ? AND state IN ('approved', 'refunded') AND merchant_order_no IS NOT NULL
                    AND created_at_ms >= ? AND created_at_ms < ? ORDER BY created_at_ms, id
                """, arguments: [method, fromMs, toMs]).map {
                ProviderStatement.Payment(merchantOrderNo: $0[0], amountFen: $0[1], time: "\($0[2] as Int64)")
            }
        }
    }

    /// One line per Z whose row disagrees with its own journal entry (the audit compares both with the
    /// journal's counter entries too, in KioskEngine).
    public func rowMismatches() throws(StoreError) -> [String] {
        try database.reading { db in
            var found: [String] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT z.z, z.seq, z.from_seq, z.business_date, z.float_fen, z.expected_cash_fen, z.counted_cash_fen,
                    z.entry, j.payload, j.domain FROM z_reports z LEFT JOIN journal j ON j.seq = z.seq ORDER BY z.z
                """) {
                let z: Int64 = row["z"]
                let stored: Data = row["entry"]
                let journaled: Data? = row["payload"]
                guard let journaled, row["domain"] as String? == JournalDomain.day.name, journaled == stored,
                      case .closed(let closing) = try DayEntry(decoding: [UInt8](stored)) else {
                    found.append("Z \(z) is not the journal's entry \(row["seq"] as Int64)")
                    continue
                }
                if (Int64(closing.z), closing.fromSequence, Int64(closing.businessDate), closing.floatFen,
                    closing.expectedCashFen, closing.countedCashFen)
                    != (z, row["from_seq"], row["business_date"], row["float_fen"], row["expected_cash_fen"],
                        row["counted_cash_fen"]) {
                    found.append("Z \(z): its row's figures are not its journal entry's")
                }
            }
            return found
        }
    }

    /// The mismatches journaled for statements of `businessDate` (every date when nil), in the order found.
    public func statementMismatches(businessDate: UInt32? = nil) throws(StoreError) -> [StoredStatementMismatch] {
        try database.reading { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, entry, found_at_ms, answer_seq, answered_at_ms FROM statement_mismatches
                WHERE ?1 IS NULL OR business_date = ?1 ORDER BY seq
                """, arguments: [businessDate.map { Int64($0) }])
            return try rows.map { row in
                let entry: Data = row["entry"]
                guard case .mismatchFound(let mismatch) = try DayEntry(decoding: [UInt8](entry)) else {
                    throw EventDecodingError.invalidValue
                }
                var stored = StoredStatementMismatch(sequence: row["seq"], mismatch: mismatch, foundAtMs: row["found_at_ms"])
                if let answerSequence: Int64 = row["answer_seq"] {
                    let payload = try Data.fetchOne(db, sql: "SELECT payload FROM journal WHERE seq = ?", arguments: [answerSequence])
                    guard let payload, case .mismatchAnswered(_, let answer) = try DayEntry(decoding: [UInt8](payload)) else {
                        throw EventDecodingError.invalidValue
                    }
                    stored.answer = answer
                    stored.answeredAtMs = row["answered_at_ms"]
                }
                return stored
            }
        }
    }

    /// One line per mismatch whose row disagrees with the journal: its entry is not the journal's entry of
    /// its sequence, or its answer is not the one of the newest answer entry about it.
    public func mismatchRowProblems() throws(StoreError) -> [String] {
        try database.reading { db in
            var found: [String] = []
            var latestAnswers: [Int64: (Int64, MismatchAnswer)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM journal WHERE domain = ? AND kind = ? ORDER BY seq",
                                        arguments: [JournalDomain.day.name, "mismatchAnswered"]) {
                let payload: Data = row["payload"]
                guard case .mismatchAnswered(let mismatch, let answer) = try? DayEntry(decoding: [UInt8](payload)) else {
                    found.append("journal entry \(row["seq"] as Int64) is not a mismatch's answer")
                    continue
                }
                latestAnswers[mismatch] = (row["seq"], answer)
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT m.seq, m.entry, m.answer, m.answer_seq, j.payload, j.domain FROM statement_mismatches m
                LEFT JOIN journal j ON j.seq = m.seq ORDER BY m.seq
                """) {
                let sequence: Int64 = row["seq"]
                let stored: Data = row["entry"]
                let journaled: Data? = row["payload"]
                guard let journaled, row["domain"] as String? == JournalDomain.day.name, journaled == stored,
                      case .mismatchFound = try? DayEntry(decoding: [UInt8](stored)) else {
                    found.append("statement mismatch \(sequence) is not the journal's entry")
                    continue
                }
                let latest = latestAnswers.removeValue(forKey: sequence)
                if latest?.0 != row["answer_seq"] || latest?.1.name != row["answer"] {
                    found.append("statement mismatch \(sequence): its answer is not the journal's latest")
                }
            }
            for sequence in latestAnswers.keys.sorted() {
                found.append("journal entry \(latestAnswers[sequence]?.0 ?? 0) answers mismatch \(sequence), which has no row")
            }
            return found
        }
    }

    private static func zReport(_ db: Database, sql: String) throws -> StoredZReport? {
        try Row.fetchOne(db, sql: sql).map(zReport)
    }

    private static func zReport(_ row: Row) throws -> StoredZReport {
        let entry: Data = row["entry"]
        guard case .closed(let closing) = try DayEntry(decoding: [UInt8](entry)) else {
            throw EventDecodingError.invalidValue
        }
        let document: Data = row["document"]
        return StoredZReport(sequence: row["seq"], closing: closing, document: [UInt8](document), closedAtMs: row["closed_at_ms"])
    }
}
