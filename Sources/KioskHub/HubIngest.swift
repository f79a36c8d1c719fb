import Foundation
import KioskCore
import KioskUplinkWire
import Logging
import PostgresNIO

/// Stores a station's batch: idempotent by construction.
///
/// Entries are keyed by (county, station, store id, sequence) and inserted with ON CONFLICT DO NOTHING;
/// the store's row in `store_streams` is locked first, so batches of one store never interleave across
/// hubs; a batch that starts after `stored_through + 1` is refused whole (a gap) and the answer tells
/// the station where to resend from; orders and payments move only forward (a row from a later journal
/// entry replaces one from an earlier entry, never the reverse), and so do the parcels and Z reports the
/// services' entries derive (``HubServiceRows``), in the same transaction. A resent batch changes nothing.
public struct HubIngest: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func store(_ batch: UplinkBatch, county: String) async throws -> UplinkAnswer {
        precondition(batch.shapeProblem == nil, "the server checks a batch's shape first")
        let station = batch.station
        let storeID = batch.storeID
        return try await client.withTransaction(logger: logger) { connection -> UplinkAnswer in
            var storedThrough = try await lockStream(station: station, storeID: storeID, connection)
            if storedThrough == nil {
                try await connection.query("""
                    INSERT INTO store_streams (station_id, store_id, county) VALUES (\(station), \(storeID), \(county))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                storedThrough = try await lockStream(station: station, storeID: storeID, connection)
            }
            guard let held = storedThrough else { preconditionFailure("store_streams lost the row just inserted") }
            let backlog = batch.backlogAfter
            guard batch.entries[0].sequence <= held + 1 else {
                try await connection.query("""
                    UPDATE stations SET last_seen_at = now() WHERE station_id = \(station)
                    """, logger: logger)
                return UplinkAnswer(storedThrough: held,
                                    refusal: "gap: holds through \(held), batch starts at \(batch.entries[0].sequence)")
            }
            let fresh = batch.entries.filter { $0.sequence > held }
            let through = fresh.last?.sequence ?? held
            try await storeEntries(fresh, orders: batch.orders.filter { $0.journalSequence > held },
                                   payments: batch.payments.filter { $0.journalSequence > held },
                                   through: through, backlog: backlog, county: county, station: station, storeID: storeID,
                                   connection)
            let services = HubServiceRows.derive(fresh)
            if let first = fresh.first, services != HubServiceRows.Rows() {
                try await store(services, county: county, station: station, storeID: storeID, batchStart: first.sequence,
                                connection)
            }
            return UplinkAnswer(storedThrough: through)
        }
    }

    /// The store's `stored_through`, its row locked until the transaction ends (so batches of one store
    /// never interleave across hubs); nil when the hub has no row for the store yet.
    private func lockStream(station: String, storeID: String, _ connection: PostgresConnection) async throws -> Int64? {
        var storedThrough: Int64?
        for try await through in try await connection.execute(LockStream(station: station, storeID: storeID), logger: logger) {
            storedThrough = through
        }
        return storedThrough
    }

    /// The batch's new entries, its orders and payments (each only forward), the store's new
    /// `stored_through` and the station's last contact and backlog, in one prepared statement: one round
    /// trip, parsed and planned once per connection, where separate statements took six.
    private func storeEntries(_ entries: [UplinkEntry], orders: [UplinkOrder], payments: [UplinkPayment], through: Int64,
                              backlog: Int64, county: String, station: String, storeID: String,
                              _ connection: PostgresConnection) async throws {
        let statement = StoreEntries(county: county, station: station, storeID: storeID, entries: entries, orders: orders,
                                     payments: payments, through: through, backlog: backlog)
        for try await _ in try await connection.execute(statement, logger: logger) {}
    }

    /// The parcels' arrivals and state changes, the Z reports, the produce lots and the bills, each only
    /// forward in journal order. `batchStart` is the sequence of the batch's first new entry.
    private func store(_ rows: HubServiceRows.Rows, county: String, station: String, storeID: String, batchStart: Int64,
                       _ connection: PostgresConnection) async throws {
        let arrivals = rows.arrivals
        if !arrivals.isEmpty {
            try await connection.query("""
                INSERT INTO parcels (county, station_id, store_id, parcel_id, waybill, carrier, state, arrived_at_ms,
                    changed_at_ms, journal_seq)
                SELECT \(county), \(station), \(storeID), a.id, a.waybill, a.carrier, 'on_shelf', a.at_ms, a.at_ms, a.seq
                FROM unnest(\(arrivals.map(\.parcelID))::bigint[], \(arrivals.map(\.waybill))::text[],
                    \(arrivals.map(\.carrier))::text[], \(arrivals.map(\.atMs))::bigint[], \(arrivals.map(\.sequence))::bigint[])
                    AS a (id, waybill, carrier, at_ms, seq)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        // In journal order: a parcel handed over and later returned in one batch ends returned.
        for change in rows.changes {
            try await connection.query("""
                UPDATE parcels SET state = \(change.state), changed_at_ms = \(change.atMs), journal_seq = \(change.sequence)
                WHERE county = \(county) AND station_id = \(station) AND store_id = \(storeID)
                    AND parcel_id = \(change.parcelID) AND journal_seq < \(change.sequence)
                """, logger: logger)
        }
        let reports = rows.zReports
        if !reports.isEmpty {
            try await connection.query("""
                INSERT INTO z_reports (county, station_id, store_id, z, business_date, expected_cash_fen, counted_cash_fen,
                    variance_fen, closed_at_ms, journal_seq)
                SELECT \(county), \(station), \(storeID), r.* FROM unnest(\(reports.map(\.z))::bigint[],
                    \(reports.map { Int32(truncatingIfNeeded: $0.businessDate) })::integer[],
                    \(reports.map(\.expectedCashFen))::bigint[], \(reports.map(\.countedCashFen))::bigint[],
                    \(reports.map(\.varianceFen))::bigint[], \(reports.map(\.closedAtMs))::bigint[],
                    \(reports.map(\.sequence))::bigint[]) AS r
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        let purchases = rows.purchases
        if !purchases.isEmpty {
            try await connection.query("""
                INSERT INTO produce_purchases (county, station_id, store_id, lot, produce, grade, net_g, amount_fen, payout,
                    recorded_at_ms, journal_seq)
                SELECT \(county), \(station), \(storeID), p.* FROM unnest(\(purchases.map(\.lot))::text[],
                    \(purchases.map(\.produce))::text[], \(purchases.map(\.grade))::text[],
                    \(purchases.map(\.netGrams))::bigint[], \(purchases.map(\.amountFen))::bigint[],
                    \(purchases.map(\.payout))::text[], \(purchases.map(\.recordedAtMs))::bigint[],
                    \(purchases.map(\.sequence))::bigint[]) AS p
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        let opened = rows.billsOpened
        if !opened.isEmpty {
            try await connection.query("""
                INSERT INTO bills (county, station_id, store_id, bill_id, biller_code, masked_account, amount_fen, opened_at_ms,
                    last_event, last_event_at_ms, journal_seq, phase)
                SELECT \(county), \(station), \(storeID), b.id, b.biller, b.account, b.fen, b.at_ms, 'billOpened', b.at_ms, b.seq,
                    nullif(b.phase, '')
                FROM unnest(\(opened.map(\.billID))::bigint[], \(opened.map(\.billerCode))::text[],
                    \(opened.map(\.maskedAccount))::text[], \(opened.map(\.amountFen))::bigint[], \(opened.map(\.atMs))::bigint[],
                    \(opened.map(\.sequence))::bigint[], \(opened.map { $0.bill?.phase.name ?? "" })::text[])
                    AS b (id, biller, account, fen, at_ms, seq, phase)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        guard !rows.billChanges.isEmpty else { return }
        var before: [Int64: Bill] = [:]
        for bill in opened { before[bill.billID] = bill.bill }
        let earlier = Set(rows.billChanges.map(\.billID)).subtracting(opened.map(\.billID))
        if !earlier.isEmpty {
            let stored = try await storedBills(earlier.sorted(), county: county, station: station, storeID: storeID,
                                               batchStart: batchStart, connection)
            before.merge(stored) { opened, _ in opened }
        }
        for change in HubServiceRows.phased(rows.billChanges, from: before) {
            try await connection.query("""
                UPDATE bills SET last_event = \(change.event), last_event_at_ms = \(change.atMs), journal_seq = \(change.sequence),
                    paid_at_ms = CASE WHEN \(change.paid) THEN \(change.atMs) ELSE paid_at_ms END, phase = \(change.phase?.name)
                WHERE county = \(county) AND station_id = \(station) AND store_id = \(storeID)
                    AND bill_id = \(change.billID) AND journal_seq < \(change.sequence)
                """, logger: logger)
        }
    }

    /// Bills `ids` of a store as they stood before this batch, for the rules to take this batch's entries
    /// from: as stored, or, for one stored before the hub kept phases, replayed from the store's `bills`
    /// entries before the batch.
    private func storedBills(_ ids: [Int64], county: String, station: String, storeID: String, batchStart: Int64,
                             _ connection: PostgresConnection) async throws -> [Int64: Bill] {
        var bills: [Int64: Bill] = [:]
        var unphased: [Int64] = []
        let rows = try await connection.query("""
            SELECT bill_id, biller_code, amount_fen, opened_at_ms, paid_at_ms, phase FROM bills
            WHERE county = \(county) AND station_id = \(station) AND store_id = \(storeID) AND bill_id = ANY(\(ids)::bigint[])
            """, logger: logger)
        for try await (id, billerCode, amountFen, openedAtMs, paidAtMs, phaseName)
            in rows.decode((Int64, String, Int64, Int64, Int64?, String?).self) {
            guard let phase = phaseName.flatMap(BillPhase.init(name:)) else {
                unphased.append(id)
                continue
            }
            bills[id] = HubServiceRows.storedBill(id: id, billerCode: billerCode, amountFen: amountFen, openedAtMs: openedAtMs,
                                                  paidAtMs: paidAtMs, phase: phase)
        }
        guard !unphased.isEmpty else { return bills }
        var entries: [BillEvent] = []
        let journal = try await connection.query("""
            SELECT payload FROM journal_entries
            WHERE county = \(county) AND station_id = \(station) AND store_id = \(storeID) AND domain = 'bills' AND seq < \(batchStart)
            ORDER BY seq
            """, logger: logger)
        for try await payload in journal.decode(ByteBuffer.self) {
            if let entry = try? BillEvent(decoding: [UInt8](payload.readableBytesView)) { entries.append(entry) }
        }
        for id in unphased { bills[id] = HubServiceRows.replayed(id, entries) }
        return bills
    }
}

/// `SELECT … FOR UPDATE` of a store's row in `store_streams`: what it holds through.
struct LockStream: PostgresPreparedStatement {
    static let sql = "SELECT stored_through FROM store_streams WHERE station_id = $1 AND store_id = $2 FOR UPDATE"
    typealias Row = Int64

    let station: String
    let storeID: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(station)
        bindings.append(storeID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }
}

/// A batch's rows in one statement. PostgreSQL runs every data-modifying part of a WITH once, whether or
/// not the outer statement reads it, and an empty array inserts nothing: entries (ON CONFLICT DO
/// NOTHING), orders and payments (replaced only by a later journal entry), the store's `stored_through`,
/// and the station's last contact and backlog.
struct StoreEntries: PostgresPreparedStatement {
    static let sql = """
        WITH stored_entries AS (
            INSERT INTO journal_entries (county, station_id, store_id, seq, domain, kind, recorded_at_ms, payload)
            SELECT $1, $2, $3, e.* FROM unnest($4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::bytea[])
                AS e (seq, domain, kind, recorded_at_ms, payload)
            ON CONFLICT DO NOTHING
        ), stored_orders AS (
            INSERT INTO orders (county, station_id, store_id, order_id, order_number, kind, state, total_fen,
                journal_seq, created_at_ms, updated_at_ms)
            SELECT $1, $2, $3, o.* FROM unnest($9::bigint[], $10::text[], $11::text[], $12::text[], $13::bigint[],
                $14::bigint[], $15::bigint[], $16::bigint[]) AS o
            ON CONFLICT (county, station_id, store_id, order_id) DO UPDATE SET state = excluded.state,
                total_fen = excluded.total_fen, journal_seq = excluded.journal_seq, updated_at_ms = excluded.updated_at_ms
            WHERE orders.journal_seq < excluded.journal_seq
        ), stored_payments AS (
            INSERT INTO payments (county, station_id, store_id, idempotency_key, order_id, method, amount_fen, state,
                journal_seq, updated_at_ms)
            SELECT $1, $2, $3, p.* FROM unnest($17::text[], $18::bigint[], $19::text[], $20::bigint[], $21::text[],
                $22::bigint[], $23::bigint[]) AS p
            ON CONFLICT (county, station_id, store_id, idempotency_key) DO UPDATE SET state = excluded.state,
                amount_fen = excluded.amount_fen, journal_seq = excluded.journal_seq, updated_at_ms = excluded.updated_at_ms
            WHERE payments.journal_seq < excluded.journal_seq
        ), stream AS (
            UPDATE store_streams SET stored_through = $24 WHERE station_id = $2 AND store_id = $3
        )
        UPDATE stations SET last_seen_at = now(), backlog = $25 WHERE station_id = $2
        """
    typealias Row = Void

    let county: String
    let station: String
    let storeID: String
    let entries: [UplinkEntry]
    let orders: [UplinkOrder]
    let payments: [UplinkPayment]
    let through: Int64
    let backlog: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 25)
        bindings.append(county)
        bindings.append(station)
        bindings.append(storeID)
        bindings.append(entries.map(\.sequence))
        bindings.append(entries.map(\.domain))
        bindings.append(entries.map(\.kind))
        bindings.append(entries.map(\.recordedAtMs))
        bindings.append(entries.map { ByteBuffer(bytes: $0.payload) })
        bindings.append(orders.map(\.id))
        bindings.append(orders.map(\.orderNumber))
        bindings.append(orders.map(\.kind))
        bindings.append(orders.map(\.state))
        bindings.append(orders.map(\.totalFen))
        bindings.append(orders.map(\.journalSequence))
        bindings.append(orders.map(\.createdAtMs))
        bindings.append(orders.map(\.updatedAtMs))
        bindings.append(payments.map(\.idempotencyKey))
        bindings.append(payments.map(\.orderID))
        bindings.append(payments.map(\.method))
        bindings.append(payments.map(\.amountFen))
        bindings.append(payments.map(\.state))
        bindings.append(payments.map(\.journalSequence))
        bindings.append(payments.map(\.updatedAtMs))
        bindings.append(through)
        bindings.append(backlog)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}
