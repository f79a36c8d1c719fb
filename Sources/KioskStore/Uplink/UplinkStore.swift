import Foundation
import GRDB
import KioskUplinkWire

/// Where the station uploads its journal, as `kiosk enrol` recorded it.
public struct UplinkEnrolment: Sendable, Equatable {
    public var hubURL: String
    public var stationID: String

    public init(hubURL: String, stationID: String) {
        self.hubURL = hubURL
        self.stationID = stationID
    }
}

/// How far the upload is, for `status` and `kiosk uplink status`.
public struct UplinkProgress: Sendable, Equatable {
    public var enrolment: UplinkEnrolment?
    /// The highest sequence the hub acknowledged for this database incarnation.
    public var acknowledgedSequence: Int64
    /// The journal's last sequence.
    public var lastSequence: Int64
    /// When the hub last acknowledged anything (the station's clock, Unix ms).
    public var lastUploadMs: Int64?
    public var lastAttemptMs: Int64?
    /// What went wrong at the last attempt, nil when it succeeded.
    public var lastProblem: String?

    /// Entries the hub does not hold yet.
    public var backlog: Int64 { max(0, lastSequence - acknowledgedSequence) }
}

/// The uplink's reads and writes on the station's store (SQL lives here). Reads take a reader
/// connection, so building a batch never holds up the counter's commits; the acknowledgement is one
/// short write.
public final class UplinkStore: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// Records the hub and this station's id; a new hub or id starts the upload from the beginning.
    public func enrol(_ enrolment: UplinkEnrolment) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: """
                INSERT INTO uplink (singleton, hub_url, station_id) VALUES (1, ?, ?)
                ON CONFLICT (singleton) DO UPDATE SET hub_url = excluded.hub_url, station_id = excluded.station_id,
                    acknowledged_seq = CASE WHEN uplink.hub_url = excluded.hub_url AND uplink.station_id = excluded.station_id
                        THEN uplink.acknowledged_seq ELSE 0 END,
                    acknowledged_store_id = CASE WHEN uplink.hub_url = excluded.hub_url AND uplink.station_id = excluded.station_id
                        THEN uplink.acknowledged_store_id ELSE NULL END,
                    last_problem = NULL
                """, arguments: [enrolment.hubURL, enrolment.stationID])
        }
    }

    public func progress() throws(StoreError) -> UplinkProgress {
        try database.reading { db in try Self.progress(db) }
    }

    private static func progress(_ db: Database) throws -> UplinkProgress {
        let storeID = try String.fetchOne(db, sql: "SELECT store_id FROM store_identity WHERE singleton = 1") ?? ""
        let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM journal") ?? 0
        guard let row = try Row.fetchOne(db, sql: """
            SELECT hub_url, station_id, acknowledged_seq, acknowledged_store_id, last_upload_ms, last_attempt_ms, last_problem
            FROM uplink WHERE singleton = 1
            """) else {
            return UplinkProgress(enrolment: nil, acknowledgedSequence: 0, lastSequence: last)
        }
        // An acknowledgement belongs to one database incarnation: a restored backup (a new store id)
        // uploads from its beginning as a new stream.
        let acknowledgedStore: String? = row[3]
        let acknowledged: Int64 = acknowledgedStore == storeID ? row[2] : 0
        return UplinkProgress(enrolment: UplinkEnrolment(hubURL: row[0], stationID: row[1]),
                              acknowledgedSequence: acknowledged, lastSequence: last,
                              lastUploadMs: row[4], lastAttemptMs: row[5], lastProblem: row[6])
    }

    /// The next batch after the acknowledged sequence, at most `limit` entries (every domain), with
    /// the orders those entries left behind and their payments; nil when the hub holds everything or
    /// the station is not enrolled. Read in one snapshot.
    public func nextBatch(limit: Int = UplinkLimits.maximumEntriesPerBatch) throws(StoreError) -> UplinkBatch? {
        precondition((1...UplinkLimits.maximumEntriesPerBatch).contains(limit), "a batch holds 1 to the hub's limit of entries")
        return try database.reading { db -> UplinkBatch? in
            let progress = try Self.progress(db)
            guard let enrolment = progress.enrolment, progress.backlog > 0 else { return nil }
            let storeID = try String.fetchOne(db, sql: "SELECT store_id FROM store_identity WHERE singleton = 1") ?? ""
            let after = progress.acknowledgedSequence
            var entries: [UplinkEntry] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT seq, domain, kind, recorded_at_ms, payload FROM journal WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [after, limit])
            while let row = try cursor.next() {
                entries.append(UplinkEntry(sequence: row[0], domain: row[1], kind: row[2], recordedAtMs: row[3], payload: row[4]))
            }
            guard let last = entries.last?.sequence else { return nil }
            var orders: [UplinkOrder] = []
            let orderRows = try Row.fetchCursor(db, sql: """
                SELECT id, order_number, kind, state, total_fen, journal_seq, created_at_ms, updated_at_ms
                FROM orders WHERE journal_seq > ? AND journal_seq <= ? ORDER BY id
                """, arguments: [after, last])
            while let row = try orderRows.next() {
                orders.append(UplinkOrder(id: row[0], orderNumber: row[1], kind: row[2], state: row[3], totalFen: row[4],
                                          journalSequence: row[5], createdAtMs: row[6], updatedAtMs: row[7]))
            }
            var payments: [UplinkPayment] = []
            let paymentRows = try Row.fetchCursor(db, sql: """
                SELECT p.idempotency_key, p.order_id, p.method, p.amount_fen, p.state, o.journal_seq, p.updated_at_ms
                FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE o.journal_seq > ? AND o.journal_seq <= ? ORDER BY p.id
                """, arguments: [after, last])
            while let row = try paymentRows.next() {
                payments.append(UplinkPayment(idempotencyKey: row[0], orderID: row[1], method: row[2], amountFen: row[3],
                                              state: row[4], journalSequence: row[5], updatedAtMs: row[6]))
            }
            return UplinkBatch(station: enrolment.stationID, storeID: storeID, entries: entries, orders: orders,
                               payments: payments, backlogAfter: progress.lastSequence - last)
        }
    }

    /// Records that the hub holds every entry through `sequence` of store `storeID`. Never moves back:
    /// a late answer to an older batch leaves a newer acknowledgement alone.
    public func recordAcknowledged(_ sequence: Int64, storeID: String, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: """
                UPDATE uplink SET
                    acknowledged_seq = CASE WHEN acknowledged_store_id IS ? THEN max(acknowledged_seq, ?) ELSE ? END,
                    acknowledged_store_id = ?, last_upload_ms = ?, last_attempt_ms = ?, last_problem = NULL
                WHERE singleton = 1
                """, arguments: [storeID, sequence, sequence, storeID, atMs, atMs])
        }
    }

    /// Records that the hub holds only through `sequence` (it refused a batch that left a gap): the next
    /// batch starts after it.
    public func rewindAcknowledged(to sequence: Int64, storeID: String, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: """
                UPDATE uplink SET acknowledged_seq = ?, acknowledged_store_id = ?, last_attempt_ms = ?,
                    last_problem = 'hub holds less than acknowledged: resending'
                WHERE singleton = 1
                """, arguments: [sequence, storeID, atMs])
        }
    }

    /// Records a failed attempt (no secret in `problem`: it is shown in `status`).
    public func recordProblem(_ problem: String, atMs: Int64) throws(StoreError) {
        try database.writing { db in
            try db.execute(sql: "UPDATE uplink SET last_attempt_ms = ?, last_problem = ? WHERE singleton = 1",
                           arguments: [atMs, problem])
        }
    }
}
