import KioskCore
import Foundation
import GRDB
@testable import KioskStore
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

/// SQLite's page limit on the writer stands in for a full SD card: the same SQLITE_FULL reaches the engine.
@Suite("Disk full")
struct DiskFullTests {
    static let barcodes = ["6916018159088", "6931318609132"]

    /// One customer: three scans, then cash. Returns the code of the last message the operator saw.
    func sell(at session: SimulationSession) -> String? {
        for index in 0..<3 {
            session.scan(Array(Self.barcodes[index % 2].utf8))
            if session.engine.storageProblem != nil { return session.engine.lastMessageCode }
            session.advance(toMs: session.clockMs + 1_000)
        }
        session.engine.handle(.cash(fen: 10_000), nowMs: session.clockMs)
        session.advance(toMs: session.clockMs + 5_000)
        return session.engine.storageProblem != nil ? session.engine.lastMessageCode : nil
    }

    func setPageLimit(_ session: SimulationSession, toCurrentSize: Bool) throws {
        try session.database.pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(toCurrentSize ? pages : 1_073_741_823)")
        }
    }

    @Test("a full disk refuses new sales with STORAGE_FULL, loses nothing, and sales resume when space returns")
    func refusesKeepsAndResumes() throws {
        let data = try ScratchDirectory("disk-full")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        for _ in 0..<5 { #expect(sell(at: session) == nil) }
        try setPageLimit(session, toCurrentSize: true)

        var refusal: String?
        var salesBeforeFull = 0
        while refusal == nil, salesBeforeFull < 500 {
            let ordersBefore = try EventJournal(database: session.database).orders()
            refusal = sell(at: session)
            if refusal != nil {
                let ordersAfter = try EventJournal(database: session.database).orders()
                // What was committed before the failed write is still there, unchanged.
                #expect(Array(ordersAfter.prefix(ordersBefore.count)) == ordersBefore)
            } else {
                salesBeforeFull += 1
            }
        }
        #expect(refusal == "STORAGE_FULL")
        #expect(session.engine.lastMessage == "存储空间已满，暂停收款；请联系技术员清理空间")
        let committed = try EventJournal(database: session.database).orders()

        // Still full: the next customer is refused too (SQLite may still fit a small change into a page
        // with room, so the open sale can move, but no finished sale changes).
        #expect(sell(at: session) == "STORAGE_FULL")
        let closed = committed.filter { $0.state == .closed }
        #expect(closed.count >= 5)
        #expect(try EventJournal(database: session.database).orders().filter { $0.state == .closed } == closed)
        #expect(try StationBooks(database: session.database).violations() == [])
        #expect(try JournalAudit(database: session.database, configuration: session.configuration).mismatches() == [])

        try setPageLimit(session, toCurrentSize: false)
        session.settleLeftovers()
        #expect(sell(at: session) == nil)
        #expect(session.engine.storageProblem == nil)
        let resumed = try EventJournal(database: session.database).orders()
        #expect(resumed.count > committed.count)
        #expect([OrderPhase.paid, .closed].contains { $0 == resumed.last?.state })

        // A power cut after all this boots to the same books.
        try session.powerCut()
        #expect(try EventJournal(database: session.database).orders().count == resumed.count)
        #expect(try StationBooks(database: session.database).violations() == [])
        try session.close()
    }
}
