import GRDB

/// The day's close: the entries of the business day (its opening float, cash removed to the bank, the
/// blind counts) and the Z reports. A Z is written once, with its journal entry, and never changed: the
/// triggers refuse an update or a delete, as the journal's do, and refuse a Z out of sequence, so a
/// repeated close can never leave two Zs or a gap.
enum V7DayCloseSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7_day_close") { db in try db.execute(sql: schema) }
    }

    private static let schema = """
        CREATE TABLE day_entries (
            seq INTEGER PRIMARY KEY REFERENCES journal(seq),
            kind TEXT NOT NULL CHECK (kind IN ('dayOpened', 'cashRemoved', 'drawerCounted')),
            entry BLOB NOT NULL,
            at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE z_reports (
            z INTEGER PRIMARY KEY CHECK (z >= 1),
            seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
            from_seq INTEGER NOT NULL CHECK (from_seq >= 0 AND from_seq < seq),
            business_date INTEGER NOT NULL UNIQUE CHECK (business_date BETWEEN 19700101 AND 99991231),
            float_fen INTEGER NOT NULL CHECK (float_fen >= 0),
            expected_cash_fen INTEGER NOT NULL,
            counted_cash_fen INTEGER NOT NULL CHECK (counted_cash_fen >= 0),
            variance_fen INTEGER NOT NULL CHECK (variance_fen = counted_cash_fen - expected_cash_fen),
            entry BLOB NOT NULL,
            document BLOB NOT NULL,
            closed_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TRIGGER z_reports_in_sequence BEFORE INSERT ON z_reports
        WHEN NEW.z != (SELECT coalesce(max(z), 0) + 1 FROM z_reports)
            OR NEW.from_seq != (SELECT coalesce(max(seq), 0) FROM z_reports)
        BEGIN SELECT RAISE(ABORT, 'z reports are numbered in sequence, each after the last'); END;
        CREATE TRIGGER z_reports_refuse_update BEFORE UPDATE ON z_reports
        BEGIN SELECT RAISE(ABORT, 'a z report is never changed'); END;
        CREATE TRIGGER z_reports_refuse_delete BEFORE DELETE ON z_reports
        BEGIN SELECT RAISE(ABORT, 'a z report is never changed'); END;
        """
}
