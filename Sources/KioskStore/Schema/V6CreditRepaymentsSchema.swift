import GRDB

/// Station credit repayments (还款) as rows, written with the journal entry that took them: the drawer
/// counts the cash ones, and an account's statement lists them beside the sales charged to it.
enum V6CreditRepaymentsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6_credit_repayments") { db in try db.execute(sql: repayments) }
    }

    private static let repayments = """
        CREATE TABLE credit_repayments (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES credit_accounts(id),
            method TEXT NOT NULL CHECK (method IN ('cash')),
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            balance_after_fen INTEGER NOT NULL CHECK (balance_after_fen >= 0),
            at_ms INTEGER NOT NULL,
            journal_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq)
        ) STRICT;
        CREATE INDEX credit_repayments_by_account ON credit_repayments(account_id, id);
        """
}
