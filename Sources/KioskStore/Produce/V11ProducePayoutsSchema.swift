import GRDB

/// Account payouts to farmers: one row per account purchase, as the payee's latest answer left it. Account
/// purchases made before this migration were queued but never sent: they start as sent once, so the
/// station asks the payee about them (under their key) at its next start.
enum V11ProducePayoutsSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11_produce_payouts") { db in
            try db.execute(sql: """
                CREATE TABLE produce_payouts (
                    lot TEXT PRIMARY KEY REFERENCES produce_purchases(lot),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
                    state TEXT NOT NULL CHECK (state IN ('sent', 'pending', 'paid', 'failed')),
                    reference TEXT,
                    failure_reason TEXT,
                    flag TEXT,
                    sends INTEGER NOT NULL CHECK (sends >= 1),
                    last_contact_ms INTEGER NOT NULL,
                    settled_at_ms INTEGER NOT NULL
                );
                CREATE INDEX produce_payouts_by_state ON produce_payouts (state);
                INSERT INTO produce_payouts (lot, idempotency_key, amount_fen, state, sends, last_contact_ms, settled_at_ms)
                    SELECT lot, idempotency_key, amount_fen, 'sent', 1, recorded_at_ms, 0
                    FROM produce_purchases WHERE payout = 'account';
                """)
        }
    }
}
