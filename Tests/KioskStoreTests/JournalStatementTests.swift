import Foundation
import GRDB
import Testing
@testable import KioskStore

/// The journal's write statements bind values straight through the SQLite C API: what they store must
/// read back through GRDB exactly, and a refused row must be an error that leaves the statement usable.
@Suite struct JournalStatementTests {
    @Test func valuesReadBackExactlyThroughGRDB() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let row = try database.pool.write { db -> Row? in
            try db.execute(sql: "CREATE TEMP TABLE scratch (number INTEGER, word TEXT, empty TEXT, bytes BLOB, nothing_yet BLOB, absent TEXT)")
            try JournalStatement.run(db, "INSERT INTO scratch VALUES (?, ?, ?, ?, ?, ?)",
                                     .integer(-9_007_199_254_740_993), .text("核桃仁 500g ￥36.00"), .text(""),
                                     .blob([0x1B, 0x40, 0x00, 0xFF]), .blob([]), .optional(nil as String?))
            return try Row.fetchOne(db, sql: "SELECT number, word, empty, bytes, typeof(nothing_yet), length(nothing_yet), absent FROM scratch")
        }
        let stored = try #require(row)
        #expect(stored[0] == -9_007_199_254_740_993 as Int64)
        #expect(stored[1] == "核桃仁 500g ￥36.00")
        #expect(stored[2] == "")
        #expect(stored[3] == Data([0x1B, 0x40, 0x00, 0xFF]))
        #expect(stored[4] == "blob")
        #expect(stored[5] == 0 as Int)
        #expect(stored[6] == nil as String?)
    }

    @Test func aRefusedRowThrowsSQLitesErrorAndTheStatementStaysUsable() throws {
        let directory = try TemporaryDirectory()
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let insert = "INSERT INTO catalog (barcode, name, price_fen) VALUES (?, ?, ?)"
        #expect {
            try database.pool.write { db in try JournalStatement.run(db, insert, .text("6901234567892"), .text(""), .integer(350)) }
        } throws: { error in
            (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
        }
        try database.pool.write { db in
            try JournalStatement.run(db, insert, .text("6901234567892"), .text("肥皂"), .integer(350))
        }
        #expect(try database.pool.read { db in try String.fetchOne(db, sql: "SELECT name FROM catalog") } == "肥皂")
    }
}
