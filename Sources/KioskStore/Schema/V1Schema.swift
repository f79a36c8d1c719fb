import GRDB

/// The first schema. Money columns are INTEGER fen and may not go negative; tables are STRICT so a
/// stray REAL or TEXT cannot land in a money column.
enum V1Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1_catalog") { db in try db.execute(sql: catalog) }
        migrator.registerMigration("v1_orders_payments") { db in try db.execute(sql: ordersAndPayments) }
        migrator.registerMigration("v1_journal") { db in try db.execute(sql: journal) }
        migrator.registerMigration("v1_outbox") { db in try db.execute(sql: outbox) }
        migrator.registerMigration("v1_settings_print_jobs") { db in try db.execute(sql: settingsAndPrintJobs) }
        migrator.registerMigration("v1_maintenance") { db in try db.execute(sql: maintenance) }
    }

    private static let catalog = """
        CREATE TABLE catalog (
            barcode TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL CHECK (length(name) > 0),
            unit TEXT NOT NULL DEFAULT '',
            price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
            category TEXT NOT NULL DEFAULT '',
            stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
        ) STRICT;
        CREATE INDEX catalog_by_category ON catalog(category);
        """

    // balance_fen is what the villager owes the station (赊账); limit_fen caps it.
    // A payment stores only a masked code: the CHECK refuses anything without the **** mask.
    private static let ordersAndPayments = """
        CREATE TABLE credit_accounts (
            id INTEGER PRIMARY KEY,
            villager_name TEXT NOT NULL CHECK (length(villager_name) > 0),
            phone TEXT,
            limit_fen INTEGER NOT NULL CHECK (limit_fen >= 0),
            balance_fen INTEGER NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
            created_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            order_number TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
            credit_account_id INTEGER REFERENCES credit_accounts(id),
            pickup_code TEXT,
            created_at_ms INTEGER NOT NULL,
            updated_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX orders_by_state ON orders(state, created_at_ms);
        CREATE TABLE order_lines (
            order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
            line_number INTEGER NOT NULL CHECK (line_number >= 1),
            barcode TEXT NOT NULL,
            name TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0),
            unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
            line_total_fen INTEGER NOT NULL CHECK (line_total_fen >= 0),
            PRIMARY KEY (order_id, line_number)
        ) STRICT;
        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders(id),
            idempotency_key TEXT NOT NULL UNIQUE,
            method TEXT NOT NULL,
            masked_code TEXT CHECK (masked_code IS NULL OR instr(masked_code, '****') > 0),
            amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
            state TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            updated_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX payments_by_order ON payments(order_id);
        """

    private static let journal = """
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            recorded_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TRIGGER journal_refuses_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
        CREATE TRIGGER journal_refuses_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
        """

    private static let outbox = """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            idempotency_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            created_at_ms INTEGER NOT NULL,
            done_at_ms INTEGER
        ) STRICT;
        CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'pending';
        """

    private static let settingsAndPrintJobs = """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            order_id INTEGER REFERENCES orders(id),
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            created_at_ms INTEGER NOT NULL,
            printed_at_ms INTEGER
        ) STRICT;
        CREATE INDEX print_jobs_waiting ON print_jobs(id) WHERE state IN ('queued', 'printing');
        """

    // PINs are stored as salt + derived hash with the KDF parameters used, so parameters can be raised later.
    private static let maintenance = """
        CREATE TABLE technicians (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
            role TEXT NOT NULL CHECK (role IN ('operator', 'technician')),
            pin_salt BLOB NOT NULL,
            pin_hash BLOB NOT NULL,
            kdf_algorithm TEXT NOT NULL,
            kdf_iterations INTEGER NOT NULL CHECK (kdf_iterations > 0),
            failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
            locked_until_ms INTEGER,
            created_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            who TEXT NOT NULL,
            command TEXT NOT NULL,
            outcome TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """
}
