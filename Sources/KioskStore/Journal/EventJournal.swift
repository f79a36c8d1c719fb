import KioskCore
import Foundation
import GRDB

/// The write-ahead side of the kiosk: each accepted event, the state it produced and the effects it
/// asks for, committed in one transaction before any of those effects happens.
///
/// Effects wait in the outbox (charges, queries, reversals, refunds, drawer kicks) and in `print_jobs`
/// (receipts) until the runtime reports them done, so after a power cut recovery knows exactly what
/// was promised and not yet carried out.
public final class EventJournal: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The sequence number of the last event journaled (0 for an empty journal).
    public func lastSequence() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM journal") ?? 0 }
    }

    /// When the last journaled event happened (0 for an empty journal): a simulated clock resumes after it.
    public func lastRecordedMs() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(recorded_at_ms), 0) FROM journal") ?? 0 }
    }

    /// Commits `commit` as journal entry `sequence`, with its state and effects, atomically, and returns
    /// the ids of the print jobs it added, in order. Throws (and changes nothing) when the disk is full or
    /// the database refuses.
    ///
    /// `durable` decides whether the commit waits for the disk (see ``Durability``): a commit whose effects
    /// leave the station (a charge, a receipt, the drawer, a refund) must; one that only the operator has
    /// seen need not, and is made durable by the next commit that syncs.
    @discardableResult
    public func commit(_ commit: JournalCommit, sequence: Int64, durability: Durability) throws(StoreError) -> [Int64] {
        try write(durability) { db in
            var printJobIDs: [Int64] = []
            try JournalStatement.run(db, "INSERT INTO journal (seq, kind, payload, recorded_at_ms, domain) VALUES (?, ?, ?, ?, ?)",
                                     .integer(sequence), .text(commit.eventKind), .blob(commit.eventPayload),
                                     .integer(commit.recordedAtMs), .text(commit.domain.name))
            for write in commit.writes {
                try JournalStatement.run(db, write.sql, write.values)
            }
            for account in commit.creditAccounts {
                try Self.upsert(account, at: commit.recordedAtMs, db)
            }
            for repayment in commit.creditRepayments {
                try JournalStatement.run(
                    db, """
                        INSERT INTO credit_repayments (account_id, method, amount_fen, balance_after_fen, at_ms, journal_seq,
                                                       order_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    .integer(repayment.accountID), .text(repayment.method), .integer(repayment.amountFen),
                    .integer(repayment.balanceAfterFen), .integer(commit.recordedAtMs), .integer(sequence),
                    .optional(repayment.orderID))
            }
            if let order = commit.order {
                try Self.upsert(order, sequence: sequence, db)
                if let lines = commit.lines {
                    try Self.replaceLines(lines, of: order.id, db)
                }
            }
            for payment in commit.payments {
                try Self.upsert(payment, at: commit.recordedAtMs, db)
            }
            for change in commit.paymentStates {
                try JournalStatement.run(db, "UPDATE payments SET state = ?, updated_at_ms = ? WHERE idempotency_key = ?",
                                         .text(change.state.rawValue), .integer(commit.recordedAtMs), .text(change.key))
            }
            for item in commit.outbox {
                try JournalStatement.run(
                    db, "INSERT INTO outbox (idempotency_key, kind, payload, created_at_ms) VALUES (?, ?, ?, ?)",
                    .text(item.idempotencyKey), .text(item.kind), .blob(item.payload), .integer(commit.recordedAtMs))
            }
            for job in commit.printJobs {
                try JournalStatement.run(
                    db, """
                        INSERT INTO print_jobs (order_id, kind, payload, created_at_ms, is_reprint, state, attempts)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    .optional(job.orderID), .text(job.kind.rawValue), .blob(job.bytes), .integer(commit.recordedAtMs), .integer(job.isReprint ? 1 : 0),
                    .text(job.state.rawValue), .integer(job.state == .printing ? 1 : 0))
                printJobIDs.append(db.lastInsertedRowID)
            }
            for line in commit.audit {
                try JournalStatement.run(db, "INSERT INTO audit_log (at_ms, who, command, outcome) VALUES (?, ?, ?, ?)",
                                         .integer(line.at_ms), .text(line.who), .text(line.command), .text(line.outcome))
            }
            for change in commit.stockChanges {
                try JournalStatement.run(db, "UPDATE catalog SET stock = max(0, stock + ?) WHERE barcode = ?",
                                         .integer(change.delta), .text(change.barcode))
            }
            for key in commit.finishedOutbox {
                try Self.finishOutbox(key, atMs: commit.recordedAtMs, failed: false, db)
            }
            for jobID in commit.printedJobIDs {
                try Self.markPrinted(jobID: jobID, atMs: commit.recordedAtMs, db)
            }
            if let snapshot = commit.machineSnapshot {
                try JournalStatement.run(db, "INSERT INTO machine_snapshots (seq, taken_at_ms, state) VALUES (?, ?, ?)",
                                         .integer(sequence), .integer(commit.recordedAtMs), .blob(snapshot))
                // Two are kept: should the newest not restore, the one before saves most of a replay.
                try JournalStatement.run(db, """
                    DELETE FROM machine_snapshots WHERE seq < (SELECT seq FROM machine_snapshots ORDER BY seq DESC LIMIT 1 OFFSET 1)
                    """)
            }
            return printJobIDs
        }
    }

    /// The number the next credit account gets (one more than the highest opened).
    public func nextCreditAccountID() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM credit_accounts") ?? 1 }
    }

    /// The stored machine snapshots, newest first: (journal sequence, state bytes).
    public func machineSnapshots() throws(StoreError) -> [(sequence: Int64, state: [UInt8])] {
        try read { db in
            try Array(Row.fetchCursor(db, sql: "SELECT seq, state FROM machine_snapshots ORDER BY seq DESC").map { row in
                let state: Data = row[1]
                return (sequence: row[0], state: [UInt8](state))
            })
        }
    }

    /// Calls `body` with every journaled event after sequence `after` (up to `through`), in order, for replay
    /// at boot: the entries of `domain`, the counter's core events unless another is named.
    public func forEachEvent(after: Int64 = 0, through: Int64 = .max, in domain: JournalDomain = .counter,
                             _ body: (Int64, [UInt8]) throws -> Void) throws {
        try database.pool.read { db in
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT seq, payload FROM journal WHERE seq > ? AND seq <= ? AND domain = ? ORDER BY seq",
                arguments: [after, through, domain.name])
            while let row = try cursor.next() {
                let payload: Data = row["payload"]
                try body(row["seq"], [UInt8](payload))
            }
        }
    }

    /// Calls `body` with every journaled event, in order, and a reader of stored orders on the same
    /// connection (a read cannot start inside another), for an audit that checks each order as the
    /// replay finishes it instead of holding every order until the end. The reader gives each order's row
    /// and the journal entry that last wrote it.
    public func forEachEventWithStoredOrders(
        _ body: (Int64, [UInt8], (Int64) throws -> (row: OrderRow, writtenAt: Int64)?) throws -> Void
    ) throws {
        try database.pool.read { db in
            let storedOrder = { (id: Int64) throws -> (row: OrderRow, writtenAt: Int64)? in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.orderColumns), journal_seq FROM orders WHERE id = ?"),
                                 arguments: [id]).map { (try Self.orderRow($0), $0[16]) }
            }
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, payload FROM journal WHERE domain = 'counter' ORDER BY seq")
            while let row = try cursor.next() {
                let payload: Data = row["payload"]
                try body(row["seq"], [UInt8](payload), storedOrder)
            }
        }
    }

    /// Calls `body` with the stored row of every order, oldest first, one row in memory at a time.
    public func forEachOrder(_ body: (OrderRow) throws -> Void) throws {
        try database.pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.orderColumns) FROM orders ORDER BY id")
            while let row = try cursor.next() {
                try body(Self.orderRow(row))
            }
        }
    }

    /// Effects committed but not yet reported done, oldest first.
    public func pendingOutbox() throws(StoreError) -> [OutboxItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT idempotency_key, kind, payload FROM outbox WHERE state = 'pending' ORDER BY id")
                .map { row in
                    let payload: Data = row["payload"]
                    return OutboxItem(idempotencyKey: row["idempotency_key"], kind: row["kind"], payload: [UInt8](payload))
                }
        }
    }

    /// Records that the effect `idempotencyKey` happened (or was given up, with `failed`). Not synced:
    /// should the mark be lost, recovery settles the effect from the payments, or carries it out again
    /// under the same idempotency key.
    /// Marks outbox item `idempotencyKey` done (or failed); `synced` when repeating the effect at boot would
    /// do harm nothing can undo (a text message sent twice).
    public func finishOutbox(_ idempotencyKey: String, atMs: Int64, failed: Bool = false, synced: Bool = false) throws(StoreError) {
        try write(synced ? .synced : .whenNextSynced) { db in
            try Self.finishOutbox(idempotencyKey, atMs: atMs, failed: failed, db)
        }
    }

    private static func finishOutbox(_ idempotencyKey: String, atMs: Int64, failed: Bool, _ db: Database) throws {
        try JournalStatement.run(
            db, """
                UPDATE outbox SET state = ?, attempts = attempts + 1, done_at_ms = ?
                WHERE idempotency_key = ? AND state = 'pending'
                """,
            .text(failed ? "failed" : "done"), .integer(atMs), .text(idempotencyKey))
    }

    /// Receipts waiting for the printer's confirmation, oldest first.
    public func unconfirmedPrintJobs() throws(StoreError) -> [StoredPrintJob] {
        try read { db in
            try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, order_id, is_reprint, payload, state, kind FROM print_jobs
                WHERE state IN ('queued', 'printing') ORDER BY id
                """)).map(Self.printJob))
        }
    }

    /// Jobs handed to the printer and not confirmed, oldest first: at most the print queue's depth, however
    /// many are held behind them.
    public func printJobsHandedOver() throws(StoreError) -> [StoredPrintJob] {
        try read { db in
            try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, order_id, is_reprint, payload, state, kind FROM print_jobs
                WHERE state = 'printing' ORDER BY id
                """)).map(Self.printJob))
        }
    }

    /// How many receipts wait for the printer's confirmation, held or handed to it.
    public func unconfirmedPrintJobCount() throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM print_jobs WHERE state IN ('queued', 'printing')
                """)) ?? 0
        }
    }

    /// The oldest `limit` jobs held for the printer (waiting to be handed to it): however many wait, only
    /// those the printer has room for are read.
    public func queuedPrintJobs(limit: Int) throws(StoreError) -> [StoredPrintJob] {
        try read { db in
            try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, order_id, is_reprint, payload, state, kind FROM print_jobs
                WHERE state = 'queued' ORDER BY id LIMIT ?
                """), arguments: [limit]).map(Self.printJob))
        }
    }

    /// Print job `id`, if there is one.
    public func printJob(_ id: Int64) throws(StoreError) -> StoredPrintJob? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, order_id, is_reprint, payload, state, kind FROM print_jobs WHERE id = ?
                """), arguments: [id]).map(Self.printJob)
        }
    }

    private static func printJob(_ row: Row) -> StoredPrintJob {
        let payload: Data = row[3]
        let stored: String = row[4]
        let kind: String = row[5]
        return StoredPrintJob(id: row[0], orderID: row[1], isReprint: row[2], bytes: [UInt8](payload),
                              state: PrintJobState(rawValue: stored) ?? .failed, kind: PrintJobKind(rawValue: kind) ?? .receipt)
    }

    /// Whether any receipt waits for the printer, held or handed to it.
    public func hasUnconfirmedPrintJobs() throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM print_jobs WHERE state IN ('queued', 'printing'))
                """)) ?? false
        }
    }

    /// Moves jobs `ids` to `state` (``PrintJobState/queued`` when the printer held them,
    /// ``PrintJobState/printing`` when they are handed to it again). Handing a job to the printer is
    /// an effect that leaves the station, so that change is synced; holding one is not (a job whose
    /// hold was lost to a power cut is printed again as a marked copy, which is what it may be).
    public func setPrintJobs(_ ids: [Int64], to state: PrintJobState) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write(state == .printing ? .synced : .whenNextSynced) { db in
            for id in ids {
                try JournalStatement.run(
                    db, "UPDATE print_jobs SET state = ?, attempts = attempts + ? WHERE id = ? AND state IN ('queued', 'printing')",
                    .text(state.rawValue), .integer(state == .printing ? 1 : 0), .integer(id))
            }
        }
    }

    /// Marks a job printed (the printer confirmed it) and its order's receipt as printed, without
    /// a journal event (a reprint, or an order no longer in the machine). Not synced: should the mark be
    /// lost, the job is printed again as a marked copy.
    public func markPrinted(jobID: Int64, atMs: Int64) throws(StoreError) {
        try write(.whenNextSynced) { db in try Self.markPrinted(jobID: jobID, atMs: atMs, db) }
    }

    private static func markPrinted(jobID: Int64, atMs: Int64, _ db: Database) throws {
        try JournalStatement.run(db, "UPDATE print_jobs SET state = 'printed', printed_at_ms = ? WHERE id = ?",
                                 .integer(atMs), .integer(jobID))
        try JournalStatement.run(db, """
            UPDATE orders SET receipt_printed = 1
            WHERE id = (SELECT order_id FROM print_jobs WHERE id = ?)
            """, .integer(jobID))
    }

    /// Replaces an unconfirmed job by a marked reprint (recovery after a crash mid-print).
    public func replaceWithReprint(jobID: Int64, bytes: [UInt8], atMs: Int64) throws(StoreError) -> Int64 {
        try write(.synced) { db in
            try db.executeCached(sql: "UPDATE print_jobs SET state = 'failed' WHERE id = ?", arguments: [jobID])
            try db.executeCached(sql: """
                INSERT INTO print_jobs (order_id, kind, payload, created_at_ms, is_reprint, state)
                SELECT order_id, kind, ?, ?, 1, 'queued' FROM print_jobs WHERE id = ?
                """, arguments: [Data(bytes), atMs, jobID])
            return db.lastInsertedRowID
        }
    }

    /// The stored row of order `id`.
    public func order(_ id: Int64) throws(StoreError) -> OrderRow? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.orderColumns) FROM orders WHERE id = ?"),
                             arguments: [id]).map(Self.orderRow)
        }
    }

    /// The stored rows of every order, oldest first.
    public func orders() throws(StoreError) -> [OrderRow] {
        try read { db in try Row.fetchAll(db, sql: "SELECT \(Self.orderColumns) FROM orders ORDER BY id").map(Self.orderRow) }
    }

    /// The stored lines of order `id`.
    public func lines(of id: Int64) throws(StoreError) -> [OrderLineRow] {
        try read { db in
            try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT line_number, barcode, name, quantity, unit_price_fen, line_total_fen FROM order_lines
                WHERE order_id = ? ORDER BY line_number
                """), arguments: [id]).map { row in
                OrderLineRow(lineNumber: row[0], barcode: row[1], name: row[2], quantity: row[3], unitPriceFen: row[4],
                             lineTotalFen: row[5])
            })
        }
    }

    /// The stored payments of order `id`.
    public func payments(of id: Int64) throws(StoreError) -> [PaymentRow] {
        try read { db in
            try Array(Row.fetchCursor(db.cachedStatement(sql: """
                SELECT idempotency_key, order_id, method, masked_code, amount_fen, state, merchant_order_no FROM payments
                WHERE order_id = ? ORDER BY id
                """), arguments: [id]).map { row in
                PaymentRow(idempotencyKey: row[0], orderID: row[1], method: row[2], maskedCode: row[3],
                           amountFen: row[4], state: try Self.stored(PaymentState(rawValue: row[5]), row[5], "payments"),
                           merchantOrderNumber: row[6])
            })
        }
    }

    /// The columns ``orderRow(_:)`` reads, in its order (rows are read by position: a receipt reads
    /// an order, and looking each column up by name cost more than fetching it).
    private static let orderColumns = """
        id, order_number, kind, state, total_fen, cash_fen, change_fen, code_fen, credit_fen, credit_account_id,
        pickup_code, villager_name, villager_phone, receipt_printed, created_at_ms, updated_at_ms
        """

    private static func orderRow(_ row: Row) throws -> OrderRow {
        OrderRow(id: row[0], orderNumber: row[1], kind: row[2],
                 state: try stored(OrderPhase(storedName: row[3]), row[3], "orders"), totalFen: row[4], cashFen: row[5],
                 changeFen: row[6], codeFen: row[7], creditFen: row[8], creditAccountID: row[9], pickupCode: row[10],
                 villagerName: row[11], villagerPhone: row[12], receiptPrinted: row[13], createdAtMs: row[14],
                 updatedAtMs: row[15])
    }

    /// A stored state this binary knows, else the row is damaged (the tables' CHECKs keep others out).
    private static func stored<State>(_ state: State?, _ text: String, _ table: String) throws -> State {
        guard let state else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "\(table).state holds \(text)") }
        return state
    }

    private static func upsert(_ order: OrderRow, sequence: Int64, _ db: Database) throws {
        try JournalStatement.run(
            db, """
                INSERT INTO orders (id, order_number, kind, state, total_fen, cash_fen, change_fen, code_fen,
                    credit_fen, credit_account_id, pickup_code, villager_name, villager_phone, receipt_printed,
                    created_at_ms, updated_at_ms, journal_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, state = excluded.state, total_fen = excluded.total_fen,
                    cash_fen = excluded.cash_fen, change_fen = excluded.change_fen, code_fen = excluded.code_fen,
                    credit_fen = excluded.credit_fen,
                    credit_account_id = excluded.credit_account_id, pickup_code = excluded.pickup_code,
                    updated_at_ms = excluded.updated_at_ms, journal_seq = excluded.journal_seq
                """,
            .integer(order.id), .text(order.orderNumber), .text(order.kind), .text(order.state.storedName),
            .integer(order.totalFen), .integer(order.cashFen), .integer(order.changeFen), .integer(order.codeFen),
            .integer(order.creditFen), .optional(order.creditAccountID), .optional(order.pickupCode),
            .optional(order.villagerName), .optional(order.villagerPhone), .integer(order.receiptPrinted ? 1 : 0),
            .integer(order.createdAtMs), .integer(order.updatedAtMs), .integer(sequence))
    }

    private static func replaceLines(_ lines: [OrderLineRow], of orderID: Int64, _ db: Database) throws {
        try JournalStatement.run(db, "DELETE FROM order_lines WHERE order_id = ?", .integer(orderID))
        for line in lines {
            try JournalStatement.run(
                db, """
                    INSERT INTO order_lines (order_id, line_number, barcode, name, quantity, unit_price_fen,
                        line_total_fen) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                .integer(orderID), .integer(Int64(line.lineNumber)), .text(line.barcode), .text(line.name),
                .integer(line.quantity), .integer(line.unitPriceFen), .integer(line.lineTotalFen))
        }
    }

    private static func upsert(_ payment: PaymentRow, at timeMs: Int64, _ db: Database) throws {
        try JournalStatement.run(
            db, """
                INSERT INTO payments (order_id, idempotency_key, method, masked_code, amount_fen, state,
                    created_at_ms, updated_at_ms, merchant_order_no)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO UPDATE SET state = excluded.state,
                    amount_fen = excluded.amount_fen, updated_at_ms = excluded.updated_at_ms
                """,
            .integer(payment.orderID), .text(payment.idempotencyKey), .text(payment.method),
            .optional(payment.maskedCode), .integer(payment.amountFen), .text(payment.state.rawValue), .integer(timeMs),
            .integer(timeMs), .optional(payment.merchantOrderNumber))
    }

    private static func upsert(_ account: CreditAccountRow, at timeMs: Int64, _ db: Database) throws {
        try JournalStatement.run(
            db, """
                INSERT INTO credit_accounts (id, villager_name, phone, limit_fen, balance_fen, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET limit_fen = excluded.limit_fen, balance_fen = excluded.balance_fen
                """,
            .integer(account.id), .text(account.villagerName ?? "account \(account.id)"), .optional(account.maskedPhone),
            .integer(account.limitFen), .integer(account.balanceFen), .integer(timeMs))
    }

    /// Reads on the writer connection: the engine reads between its own commits, and a reader
    /// connection would first reload every page the last commit changed (a read call per page, plus
    /// WAL lock calls) where the writer's cache is already current. The reads are a few rows each.
    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.pool.writeWithoutTransaction(body)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction on the writer, rolled back when anything throws.
    ///
    /// BEGIN and COMMIT come from the statement cache: every core event is a transaction of its own,
    /// and GRDB's `write` compiles both statements again for each one, which cost a sale more CPU
    /// than some of the rows it writes.
    ///
    /// A ``Durability/whenNextSynced`` transaction runs with `synchronous=NORMAL`: in WAL mode its commit
    /// is not synced, and the next synced commit makes it durable with everything before it (one fsync of
    /// the WAL covers every frame written so far). The connection goes back to `synchronous=FULL` at once,
    /// so every other write the station makes stays synced.
    private func write<T>(_ durability: Durability, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.pool.writeWithoutTransaction { db in
                if durability == .whenNextSynced { try db.executeCached(sql: "PRAGMA synchronous = NORMAL") }
                defer {
                    if durability == .whenNextSynced { try? db.executeCached(sql: "PRAGMA synchronous = FULL") }
                }
                try db.executeCached(sql: "BEGIN IMMEDIATE TRANSACTION")
                do {
                    let result = try body(db)
                    try db.executeCached(sql: "COMMIT TRANSACTION")
                    return result
                } catch {
                    // SQLite has already rolled back after some errors (a full disk among them).
                    if db.isInsideTransaction {
                        try? db.rollback()
                    }
                    throw error
                }
            }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }
}

/// Whether a commit waits for the disk.
///
/// The contract: nothing that has left the station — a charge request, a receipt handed to the printer,
/// the drawer opened, money given back — is ever lost or done twice, across kill -9 and power cuts, so
/// the commit that asks for such an effect is synced before the effect starts. What only the operator
/// has seen (the lines of an order not yet paid, an answer whose effects are already settled by
/// recovery) survives kill -9, which keeps the operating system's page cache, and may be lost to a power
/// cut.
public enum Durability: Sendable, Equatable {
    /// fsync before returning (`synchronous=FULL`).
    case synced
    /// Written to the WAL without an fsync; durable once a later synced commit returns.
    case whenNextSynced
}

extension Database {
    /// Runs one statement through the connection's statement cache: a sale runs the same few
    /// statements again and again, and compiling each one anew cost more CPU than writing its rows.
    fileprivate func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
