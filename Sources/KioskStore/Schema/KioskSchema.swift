import GRDB

/// The schema as an ordered list of migrations. A migration never changes once it has shipped:
/// changes are new migrations appended here ("v2_…").
public enum KioskSchema {
    /// The migrations this binary knows, in the order they run: the schema's version, for the technician.
    public static var migrationNames: [String] { migrator.migrations }

    /// Every migration this binary knows, in the order they run.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        V1Schema.register(in: &migrator)
        V2RuntimeSchema.register(in: &migrator)
        V3SnapshotSchema.register(in: &migrator)
        V4StoreIdentitySchema.register(in: &migrator)
        V5JournalDomainSchema.register(in: &migrator)
        V6CreditRepaymentsSchema.register(in: &migrator)
        V6ParcelsSchema.register(in: &migrator)
        V7DayCloseSchema.register(in: &migrator)
        V9ProduceSchema.register(in: &migrator)
        V8BillsSchema.register(in: &migrator)
        V10UplinkSchema.register(in: &migrator)
        V11ProducePayoutsSchema.register(in: &migrator)
        V11CreditCodeRepaymentsSchema.register(in: &migrator)
        V11ParcelChargesSchema.register(in: &migrator)
        V11StatementMismatchSchema.register(in: &migrator)
        V12DownlinkSchema.register(in: &migrator)
        V13PayeeAccountsSchema.register(in: &migrator)
        return migrator
    }

    /// The user tables the schema defines, in creation order (used by `kiosk db stats`).
    public static let tables = [
        "catalog", "credit_accounts", "orders", "order_lines", "payments", "journal", "outbox",
        "settings", "print_jobs", "technicians", "audit_log", "credit_repayments", "parcels",
        "day_entries", "z_reports",
        "produce_farmers", "produce_purchases",
        "bills", "uplink",
        "produce_payouts",
        "statement_mismatches",
        "downlink_documents", "downlink_refusals",
    ]
}
