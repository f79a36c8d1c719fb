import GRDB

/// Bills (缴费): one row per bill, as the bills service's latest journal entry left it.
enum V8BillsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8_bills") { db in
            try db.execute(sql: """
                CREATE TABLE bills (
                    id INTEGER PRIMARY KEY CHECK (id > 0),
                    biller_code TEXT NOT NULL,
                    biller_kind INTEGER NOT NULL,
                    account TEXT NOT NULL,
                    masked_account TEXT NOT NULL,
                    holder_masked TEXT NOT NULL,
                    due_fen INTEGER NOT NULL CHECK (due_fen >= 0),
                    amount_rule INTEGER NOT NULL,
                    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                    order_id INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    reference TEXT,
                    failure_reason TEXT,
                    flag TEXT,
                    created_at_ms INTEGER NOT NULL,
                    paid_at_ms INTEGER NOT NULL,
                    last_contact_ms INTEGER NOT NULL,
                    queries INTEGER NOT NULL,
                    settled_at_ms INTEGER NOT NULL,
                    refunded_cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cash_fen >= 0)
                );
                CREATE INDEX bills_by_state ON bills (state);
                CREATE INDEX bills_by_order ON bills (order_id);
                CREATE INDEX bills_by_account ON bills (account);
                """)
        }
    }
}
