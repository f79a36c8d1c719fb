import Logging
import PostgresNIO

/// The hub's PostgreSQL schema as an ordered list of migrations, like the station's GRDB migrator: a
/// migration never changes once shipped; changes are new ones appended ("v2_…"). Each runs in its own
/// transaction under an advisory lock, so two hubs started at once migrate once.
public enum HubSchema {
    public struct Migration: Sendable {
        public let name: String
        let statements: [String]
    }

    /// Every migration this binary knows, in the order they run.
    public static let migrations: [Migration] = [
        Migration(name: "v1_stations", statements: [
            """
            CREATE TABLE stations (
                station_id text PRIMARY KEY CHECK (station_id ~ '^[A-Za-z0-9_-]{1,64}$'),
                county text NOT NULL CHECK (county ~ '^[a-z0-9_]{1,40}$'),
                station_key bytea NOT NULL CHECK (length(station_key) = 32),
                added_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz,
                last_seen_at timestamptz,
                backlog bigint NOT NULL DEFAULT 0 CHECK (backlog >= 0)
            )
            """,
            // One row per store incarnation of a station: how far its journal is stored without a gap.
            // Locked FOR UPDATE by each batch, so two hubs never interleave one store's entries.
            """
            CREATE TABLE store_streams (
                station_id text NOT NULL REFERENCES stations (station_id),
                store_id text NOT NULL CHECK (store_id ~ '^[0-9A-Z]{1,16}$'),
                county text NOT NULL,
                stored_through bigint NOT NULL DEFAULT 0 CHECK (stored_through >= 0),
                PRIMARY KEY (station_id, store_id)
            )
            """,
        ]),
        Migration(name: "v1_journal_partitioned", statements: [
            """
            CREATE TABLE journal_entries (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 1),
                domain text NOT NULL,
                kind text NOT NULL,
                recorded_at_ms bigint NOT NULL,
                payload bytea NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (county, station_id, store_id, seq)
            ) PARTITION BY LIST (county)
            """,
            """
            CREATE TABLE orders (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                order_id bigint NOT NULL,
                order_number text NOT NULL,
                kind text NOT NULL,
                state text NOT NULL,
                total_fen bigint NOT NULL CHECK (total_fen >= 0),
                journal_seq bigint NOT NULL,
                created_at_ms bigint NOT NULL,
                updated_at_ms bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, order_id)
            ) PARTITION BY LIST (county)
            """,
            """
            CREATE TABLE payments (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                idempotency_key text NOT NULL,
                order_id bigint NOT NULL,
                method text NOT NULL,
                amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
                state text NOT NULL,
                journal_seq bigint NOT NULL,
                updated_at_ms bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, idempotency_key)
            ) PARTITION BY LIST (county)
            """,
        ]),
        Migration(name: "v2_documents", statements: [
            """
            CREATE TABLE documents (
                county text NOT NULL,
                kind text NOT NULL,
                version bigint NOT NULL CHECK (version >= 1),
                body bytea NOT NULL,
                sha256 text NOT NULL,
                published_at_ms bigint NOT NULL,
                PRIMARY KEY (county, kind, version)
            )
            """,
        ]),
        Migration(name: "v3_service_rows", statements: [
            """
            CREATE TABLE parcels (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                parcel_id bigint NOT NULL,
                waybill text NOT NULL,
                carrier text NOT NULL,
                state text NOT NULL CHECK (state IN ('on_shelf', 'picked_up', 'returning', 'returned')),
                arrived_at_ms bigint NOT NULL,
                changed_at_ms bigint NOT NULL,
                journal_seq bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, parcel_id)
            ) PARTITION BY LIST (county)
            """,
            """
            CREATE TABLE z_reports (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                z bigint NOT NULL,
                business_date integer NOT NULL,
                expected_cash_fen bigint NOT NULL,
                counted_cash_fen bigint NOT NULL,
                variance_fen bigint NOT NULL,
                closed_at_ms bigint NOT NULL,
                journal_seq bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, z)
            ) PARTITION BY LIST (county)
            """,
            """
            CREATE TABLE produce_purchases (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                lot text NOT NULL,
                produce text NOT NULL,
                grade text NOT NULL,
                net_g bigint NOT NULL,
                amount_fen bigint NOT NULL,
                payout text NOT NULL,
                recorded_at_ms bigint NOT NULL,
                journal_seq bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, lot)
            ) PARTITION BY LIST (county)
            """,
            """
            CREATE TABLE bills (
                county text NOT NULL,
                station_id text NOT NULL,
                store_id text NOT NULL,
                bill_id bigint NOT NULL,
                biller_code text NOT NULL,
                masked_account text NOT NULL,
                amount_fen bigint NOT NULL,
                opened_at_ms bigint NOT NULL,
                paid_at_ms bigint,
                last_event text NOT NULL,
                last_event_at_ms bigint NOT NULL,
                journal_seq bigint NOT NULL,
                PRIMARY KEY (county, station_id, store_id, bill_id)
            ) PARTITION BY LIST (county)
            """,
            // Counties enrolled before this migration get their partitions now; later ones with their first station.
            """
            DO $$
            DECLARE c text;
            BEGIN
                FOR c IN SELECT DISTINCT county FROM stations LOOP
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF parcels FOR VALUES IN (%L)', 'parcels_c_' || c, c);
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF z_reports FOR VALUES IN (%L)', 'z_reports_c_' || c, c);
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF produce_purchases FOR VALUES IN (%L)',
                                   'produce_purchases_c_' || c, c);
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF bills FOR VALUES IN (%L)', 'bills_c_' || c, c);
                END LOOP;
            END
            $$
            """,
        ]),
        // Each bill's phase as the station's bill rules give it (KioskCore's BillRules, followed by the hub
        // over the bill's entries): `awaiting_counter`, `sent`, `pending`, `succeeded`… NULL for a bill stored
        // before, until its next entry, when the hub replays its entries from `journal_entries`.
        Migration(name: "v4_bill_phases", statements: [
            "ALTER TABLE bills ADD COLUMN phase text",
        ]),
    ]

    /// The tables partitioned by county: each county gets `<table>_c_<county>` when its first station is added.
    static let partitionedTables = ["journal_entries", "orders", "payments", "parcels", "z_reports", "produce_purchases", "bills"]

    /// Runs the migrations not yet applied, in order, and returns their names.
    public static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.query("CREATE TABLE IF NOT EXISTS hub_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                               logger: logger)
        var applied: [String] = []
        for migration in migrations {
            let ran = try await client.withTransaction(logger: logger) { connection -> Bool in
                try await connection.query("SELECT pg_advisory_xact_lock(74110017)", logger: logger)
                let done = try await connection.query("SELECT 1 FROM hub_migrations WHERE name = \(migration.name)", logger: logger)
                for try await _ in done { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO hub_migrations (name) VALUES (\(migration.name))", logger: logger)
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }
}
