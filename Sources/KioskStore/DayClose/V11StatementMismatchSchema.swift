import GRDB

/// The payments the providers' statements disagree on: one row per mismatch journaled when a statement
/// was imported, holding its entry, and the acquirer's latest answer about it with that answer's entry.
enum V11StatementMismatchSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11_statement_mismatches") { db in try db.execute(sql: schema) }
    }

    private static let schema = """
        CREATE TABLE statement_mismatches (
            seq INTEGER PRIMARY KEY REFERENCES journal(seq),
            provider TEXT NOT NULL CHECK (provider IN ('wechat', 'alipay')),
            business_date INTEGER NOT NULL CHECK (business_date BETWEEN 19700101 AND 99991231),
            merchant_order_no TEXT NOT NULL CHECK (length(merchant_order_no) BETWEEN 1 AND 64),
            kind TEXT NOT NULL CHECK (kind IN ('missingAtProvider', 'missingHere', 'amountDiffers')),
            station_fen INTEGER NOT NULL CHECK (station_fen >= 0),
            provider_fen INTEGER NOT NULL CHECK (provider_fen >= 0),
            entry BLOB NOT NULL,
            found_at_ms INTEGER NOT NULL,
            answer TEXT CHECK (answer IN ('paid', 'notPaid', 'unknown', 'unreachable', 'noAcquirer')),
            answer_seq INTEGER REFERENCES journal(seq) CHECK (answer_seq > seq),
            answered_at_ms INTEGER,
            CHECK ((answer IS NULL) = (answer_seq IS NULL) AND (answer IS NULL) = (answered_at_ms IS NULL))
        ) STRICT;
        CREATE INDEX statement_mismatches_by_day ON statement_mismatches (business_date, provider, merchant_order_no);
        """
}
