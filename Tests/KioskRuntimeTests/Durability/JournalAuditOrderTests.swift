import Foundation
import GRDB
import KioskRuntime
import KioskEngine
import KioskSimulator
@testable import KioskStore
import Testing

/// The journal audit holds each stored order against the replay, whether the order left the machine
/// long before the end of the journal (checked as the replay finishes it) or is still in it, and
/// names a stored order no journal entry made.
@Suite struct JournalAuditOrderTests {
    @Test func storedOrdersThatDifferFromTheReplayAreNamedWhereverTheyAre() throws {
        let directory = try SnapshotRecoveryTests.busyStation()
        defer { directory.remove() }
        let configuration = try StationConfiguration(board: try Repository.board())
        let database = try KioskDatabase.open(dataDirectory: directory.path)
        defer { try? database.close() }
        let audit = JournalAudit(database: database, configuration: configuration)
        #expect(try audit.mismatches().isEmpty)

        let journal = EventJournal(database: database)
        let orders = try journal.orders()
        let first = try #require(orders.first)
        let last = try #require(orders.last)
        #expect(orders.count > configuration.limits.maxOpenOrders, "the first order must have left the machine")
        let unjournaled = last.id + 1_000
        try database.pool.write { db in
            try db.execute(sql: "UPDATE orders SET total_fen = total_fen + 100 WHERE id IN (?, ?)",
                           arguments: [first.id, last.id])
            try db.execute(sql: "CREATE TEMP TABLE copied AS SELECT * FROM orders WHERE id = ?", arguments: [first.id])
            try db.execute(sql: "UPDATE copied SET id = ?, order_number = 'COPY'", arguments: [unjournaled])
            try db.execute(sql: "INSERT INTO orders SELECT * FROM copied")
        }

        let found = try audit.mismatches()
        #expect(found.count == 3)
        for order in [first, last] {
            #expect(found.contains(
                "order \(order.id): stored \(order.state) \(order.totalFen + 100) fen, replay gives \(order.state) \(order.totalFen) fen"))
        }
        #expect(found.contains("order \(unjournaled) is stored but no journal entry made it"))
    }
}
