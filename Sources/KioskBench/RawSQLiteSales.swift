import Foundation
import GRDBSQLite
import KioskStore

/// The durable benchmark's baseline: a sale's rows written straight through the SQLite C API with
/// prepared statements, WAL and `synchronous=FULL`, into the kiosk's own schema, in the transactions
/// the write-ahead rule needs: one per core event (new order, three scans, total, tender, approval,
/// receipt confirmed), plus the print job marked printing before the printer gets it. The marks that
/// only record an effect was done ride in the next event's transaction.
enum RawSQLiteSales {
    static let transactionsPerSale = 9
    static let receiptBytes = Data(repeating: 0x1B, count: 900)
    static let eventPayload = Data(repeating: 0x42, count: 48)

    static func catalogCSV(barcodes: [String]) -> String {
        "barcode,name,unit,price_fen,category,stock\n"
            + barcodes.enumerated().map { "\($1),item \($0),pc,\(350 + $0 * 100),bench,1000" }.joined(separator: "\n") + "\n"
    }

    static func sales(sales: Int, directory: String) throws -> SalesRun {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let schema = try KioskDatabase.open(dataDirectory: directory)
        try schema.close()
        let writer = try RawConnection(path: KioskDatabase.databasePath(dataDirectory: directory))
        defer { writer.close() }
        try writer.execute("PRAGMA journal_mode = WAL")
        try writer.execute("PRAGMA synchronous = FULL")
        try writer.execute("PRAGMA foreign_keys = ON")
        let statements = try Statements(writer)
        let measurement = SalesRun.Measurement()
        var sequence: Int64 = 0
        var nowMs: Int64 = 1_795_392_000_000
        for sale in 1 ... sales {
            try sell(Int64(sale), statements: statements, writer: writer, sequence: &sequence, nowMs: &nowMs)
        }
        return measurement.finish(sales: sales)
    }

    private static func sell(_ order: Int64, statements: Statements, writer: RawConnection, sequence: inout Int64,
                             nowMs: inout Int64) throws {
        let key = "\(order)-1"
        var total: Int64 = 0
        func event(_ kind: String, state: String, _ more: () throws -> Void) throws {
            sequence += 1
            nowMs += 1_000
            try writer.transaction {
                try statements.journal.run(.integer(sequence), .text(kind), .blob(eventPayload), .integer(nowMs))
                try statements.order.run(.integer(order), .text("S-\(order)"), .text(state), .integer(total),
                                         .integer(total), .integer(nowMs), .integer(sequence))
                try more()
            }
        }
        try event("newOrder", state: "open") {}
        for line in 1 ... Int64(3) {
            total += 350 + line * 100
            try event("productScanned", state: "open") {
                try statements.deleteLines.run(.integer(order))
                for number in 1 ... line {
                    try statements.line.run(.integer(order), .integer(number), .text("69000000000\(number)"),
                                            .text("item \(number)"), .integer(350 + number * 100))
                }
            }
        }
        try event("total", state: "totalled") {}
        try event("tenderCode", state: "paying") {
            try statements.payment.run(.integer(order), .text(key), .integer(total), .integer(nowMs))
            try statements.outbox.run(.text("charge:\(key)"), .blob(Data(key.utf8)), .integer(nowMs))
        }
        try event("paymentAnswered", state: "paid") {
            try statements.paymentState.run(.text("approved"), .integer(nowMs), .text(key))
            try statements.outboxDone.run(.integer(nowMs), .text("charge:\(key)"))
            try statements.printJob.run(.integer(order), .blob(receiptBytes), .integer(nowMs))
        }
        let job = writer.lastInsertedRowID
        try writer.transaction { try statements.printing.run(.integer(job)) }
        try event("receiptConfirmed", state: "closed") {
            try statements.printed.run(.integer(nowMs), .integer(job))
            try statements.receiptPrinted.run(.integer(order))
        }
    }

    /// The prepared statements of a sale.
    private struct Statements {
        let journal, order, deleteLines, line, payment, paymentState, outbox, outboxDone: RawStatement
        let printJob, printing, printed, receiptPrinted: RawStatement

        init(_ connection: RawConnection) throws {
            journal = try connection.prepare("INSERT INTO journal (seq, kind, payload, recorded_at_ms) VALUES (?, ?, ?, ?)")
            order = try connection.prepare("""
                INSERT INTO orders (id, order_number, kind, state, total_fen, code_fen, created_at_ms, updated_at_ms,
                    journal_seq) VALUES (?1, ?2, 'counter', ?3, ?4, ?5, ?6, ?6, ?7)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, total_fen = excluded.total_fen,
                    code_fen = excluded.code_fen, updated_at_ms = excluded.updated_at_ms,
                    journal_seq = excluded.journal_seq
                """)
            deleteLines = try connection.prepare("DELETE FROM order_lines WHERE order_id = ?")
            line = try connection.prepare("""
                INSERT INTO order_lines (order_id, line_number, barcode, name, quantity, unit_price_fen,
                    line_total_fen) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
                """)
            payment = try connection.prepare("""
                INSERT INTO payments (order_id, idempotency_key, method, masked_code, amount_fen, state,
                    created_at_ms, updated_at_ms) VALUES (?1, ?2, 'wechat', '13****0001', ?3, 'pending', ?4, ?4)
                """)
            paymentState = try connection.prepare(
                "UPDATE payments SET state = ?, updated_at_ms = ? WHERE idempotency_key = ?")
            outbox = try connection.prepare(
                "INSERT INTO outbox (idempotency_key, kind, payload, created_at_ms) VALUES (?, 'charge', ?, ?)")
            outboxDone = try connection.prepare("""
                UPDATE outbox SET state = 'done', attempts = attempts + 1, done_at_ms = ?
                WHERE idempotency_key = ? AND state = 'pending'
                """)
            printJob = try connection.prepare("""
                INSERT INTO print_jobs (order_id, kind, payload, created_at_ms, is_reprint) VALUES (?, 'receipt', ?, ?, 0)
                """)
            printing = try connection.prepare(
                "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1 WHERE id = ?")
            printed = try connection.prepare("UPDATE print_jobs SET state = 'printed', printed_at_ms = ? WHERE id = ?")
            receiptPrinted = try connection.prepare("UPDATE orders SET receipt_printed = 1 WHERE id = ?")
        }
    }
}

/// One SQLite connection through the C API.
final class RawConnection {
    let handle: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let handle else {
            throw BenchFailure("cannot open \(path)")
        }
        self.handle = handle
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    func prepare(_ sql: String) throws -> RawStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw failure(sql) }
        return RawStatement(statement: statement, connection: self)
    }

    /// `BEGIN IMMEDIATE` and `COMMIT`, prepared once like every other statement of a sale.
    private lazy var begin = try? prepare("BEGIN IMMEDIATE")
    private lazy var commit = try? prepare("COMMIT")

    /// Runs `body` in a `BEGIN IMMEDIATE` … `COMMIT` transaction (rolled back if it throws).
    func transaction(_ body: () throws -> Void) throws {
        guard let begin, let commit else { throw failure("BEGIN IMMEDIATE") }
        try begin.run()
        do {
            try body()
            try commit.run()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func failure(_ sql: String) -> BenchFailure {
        BenchFailure("\(String(cString: sqlite3_errmsg(handle))) in \(sql.prefix(60))")
    }

    func close() {
        sqlite3_close_v2(handle)
    }
}

/// A prepared statement, reset after each run.
final class RawStatement {
    enum Value {
        case integer(Int64)
        case text(String)
        case blob(Data)
    }

    let statement: OpaquePointer
    unowned let connection: RawConnection

    init(statement: OpaquePointer, connection: RawConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(statement)
    }

    func run(_ values: Value...) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .integer(let number):
                sqlite3_bind_int64(statement, position, number)
            case .text(let text):
                sqlite3_bind_text(statement, position, text, -1, RawStatement.transient)
            case .blob(let data):
                _ = data.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(statement, position, bytes.baseAddress, Int32(bytes.count), RawStatement.transient)
                }
            }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw connection.failure(String(cString: sqlite3_sql(statement))) }
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// Counts the commits of one connection through SQLite's commit hook.
final class CommitCounter {
    private(set) var count = 0

    func attach(to connection: OpaquePointer?) {
        sqlite3_commit_hook(connection, { context in
            guard let context else { return 0 }
            Unmanaged<CommitCounter>.fromOpaque(context).takeUnretainedValue().count += 1
            return 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }
}
