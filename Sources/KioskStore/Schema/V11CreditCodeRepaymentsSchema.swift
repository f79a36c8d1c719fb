import GRDB

/// Credit repaid by payment code (赊账还款): a repayment row may now name a wallet and the repayment order
/// its charge ran on. SQLite cannot widen a CHECK, so the table is rebuilt with its rows. A cash
/// repayment has no order (the drawer counts it); a code repayment has exactly one, recorded once.
enum V11CreditCodeRepaymentsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11_credit_code_repayments") { db in try db.execute(sql: rebuild) }
    }

    private static let rebuild = """
        CREATE TABLE credit_repayments_v11 (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES credit_accounts(id),
            method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay')),
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            balance_after_fen INTEGER NOT NULL CHECK (balance_after_fen >= 0),
            at_ms INTEGER NOT NULL,
            journal_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
            order_id INTEGER REFERENCES orders(id),
            CHECK ((method = 'cash') = (order_id IS NULL))
        ) STRICT;
        INSERT INTO credit_repayments_v11 (id, account_id, method, amount_fen, balance_after_fen, at_ms, journal_seq)
            SELECT id, account_id, method, amount_fen, balance_after_fen, at_ms, journal_seq FROM credit_repayments;
        DROP TABLE credit_repayments;
        ALTER TABLE credit_repayments_v11 RENAME TO credit_repayments;
        CREATE INDEX credit_repayments_by_account ON credit_repayments(account_id, id);
        CREATE UNIQUE INDEX credit_repayments_once_per_order ON credit_repayments(order_id) WHERE order_id IS NOT NULL;
        """
}
