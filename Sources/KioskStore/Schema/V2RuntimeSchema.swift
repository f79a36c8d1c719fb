import GRDB

/// What the durable runtime adds to v1: the money an order took in each way (so books can be checked
/// in SQL without replaying anything), whether its receipt printed, the villager of an assisted
/// order, and the print job's flag for a marked reprint.
enum V2RuntimeSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2_runtime_orders") { db in try db.execute(sql: orders) }
    }

    private static let orders = """
        ALTER TABLE orders ADD COLUMN cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0);
        ALTER TABLE orders ADD COLUMN change_fen INTEGER NOT NULL DEFAULT 0 CHECK (change_fen >= 0);
        ALTER TABLE orders ADD COLUMN code_fen INTEGER NOT NULL DEFAULT 0 CHECK (code_fen >= 0);
        ALTER TABLE orders ADD COLUMN credit_fen INTEGER NOT NULL DEFAULT 0 CHECK (credit_fen >= 0);
        ALTER TABLE orders ADD COLUMN receipt_printed INTEGER NOT NULL DEFAULT 0 CHECK (receipt_printed IN (0, 1));
        ALTER TABLE orders ADD COLUMN journal_seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orders ADD COLUMN villager_name TEXT;
        ALTER TABLE orders ADD COLUMN villager_phone TEXT;
        ALTER TABLE print_jobs ADD COLUMN is_reprint INTEGER NOT NULL DEFAULT 0 CHECK (is_reprint IN (0, 1));
        """
}
