import Foundation
import GRDB
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskStore

@Suite("The produce desk journals purchases beside the counter")
struct ProduceDeskServiceTests {
    static func desk(in directory: String, workers: HeldWorkers) throws -> ProduceDeskService {
        let engine = try EngineStepTests.engine(in: directory, workers: workers)
        let file = Repository.boards.appendingPathComponent("sim/produce.csv").path
        let (prices, tares) = try ProduceTableFile.parse(try String(contentsOfFile: file, encoding: .utf8)).get()
        // Two cash sales of ￥18.60 put ￥37.20 in the drawer: cash payouts come out of it.
        engine.handle(.scan(EngineStepTests.milk), nowMs: EngineStepTests.startMs)
        engine.handle(.scan(EngineStepTests.milk), nowMs: EngineStepTests.startMs)
        engine.handle(.cash(fen: 4_000), nowMs: EngineStepTests.startMs)
        return ProduceDeskService(engine: engine, database: try KioskDatabase.open(dataDirectory: directory),
                                  prices: prices, tares: tares)
    }

    static let farmer = Farmer(name: "王秀英", phone: "13812345678", village: "石门村")!

    static func walnuts(gross: Int64, payout: ProducePayout) -> PurchaseRequest {
        PurchaseRequest(farmer: farmer, produce: "核桃", grade: "特级", container: "竹筐", containers: 1,
                        grossGrams: gross, payout: payout)
    }

    @Test("a cash purchase is journaled with its rows, then its receipt opens the drawer and its lot label prints")
    func cashPurchase() throws {
        let data = try ScratchDirectory("produce-cash")
        defer { data.remove() }
        let workers = HeldWorkers()
        let desk = try Self.desk(in: data.path, workers: workers)
        let nowMs = EngineStepTests.startMs
        #expect(try ProduceRecords.cashInDrawerFen(in: desk.database) == 3_720)
        guard case .bought(let purchase, let sequence) = try desk.buy(Self.walnuts(gross: 1_800, payout: .cash), nowMs: nowMs) else {
            Issue.record("not bought")
            return
        }
        // 1.000 kg net at ¥26.00/kg.
        #expect(purchase.netGrams == 1_000)
        #expect(purchase.amountFen == 2_600)
        var entries: [[UInt8]] = []
        try desk.engine.journal.forEachEvent(in: .produce) { _, payload in entries.append(payload) }
        #expect(entries.map(ProduceEntryCodec.decode) == [purchase])
        #expect(sequence == desk.engine.sequence)
        let printed = workers.started.compactMap { if case .print(_, let bytes) = $0 { bytes } else { nil } }
        #expect(printed.count == 3, "the sale's receipt, then the farmer's receipt and the lot label")
        let documents = Array(printed.suffix(2))
        let drawerKick: [UInt8] = [0x1B, 0x70]
        let receipt = try #require(documents.first)
        #expect(receipt.indices.contains { Array(receipt[$0...].prefix(2)) == drawerKick }, "the cash payout opens the drawer")
        #expect(!documents[1].indices.contains { Array(documents[1][$0...].prefix(2)) == drawerKick })
        #expect(String(decoding: documents[1], as: UTF8.self).contains("(3103)001000"), "the lot label gives the net weight")
        // 58 mm paper holds the GS1-128 element string in three symbols: (01), (3103)(13), (10).
        let label = documents[1]
        let symbols = label.indices.filter { Array(label[$0...].prefix(3)) == [0x1D, 0x6B, 73] }
        #expect(symbols.count == 3)
        #expect(symbols.allSatisfy { Array(label[($0 + 4)...].prefix(4)) == Array("{C{1".utf8) }, "each opens with FNC1 in code set C")
        #expect(try ProduceRecords.cashPaidOutFen(in: desk.database, fromMs: nowMs - 3_600_000, toMs: nowMs + 3_600_000) == 2_600)
        #expect(try ProduceRecords.cashInDrawerFen(in: desk.database) == 1_120, "the drawer count knows the payout")
        #expect(try ProduceRecords.farmers(in: desk.database) == [Farmer(name: "王秀英", maskedPhone: "138****5678", village: "石门村")])
    }

    @Test("an account payout goes to the outbox under the lot's key; the day's identities hold")
    func accountPayoutAndDailyTotals() throws {
        let data = try ScratchDirectory("produce-account")
        defer { data.remove() }
        let desk = try Self.desk(in: data.path, workers: HeldWorkers())
        let nowMs = EngineStepTests.startMs
        _ = try desk.buy(Self.walnuts(gross: 1_300, payout: .cash), nowMs: nowMs)
        guard case .bought(let second, _) = try desk.buy(Self.walnuts(gross: 5_800, payout: .account), nowMs: nowMs + 60_000) else {
            Issue.record("not bought")
            return
        }
        let pending = try desk.engine.journal.pendingOutbox().filter { $0.kind == ProduceDeskService.payoutOutboxKind }
        #expect(pending.map(\.idempotencyKey) == [second.idempotencyKey])
        #expect(second.lot.hasSuffix("0002"))
        let day = (from: nowMs - 3_600_000, to: nowMs + 3_600_000)
        #expect(try ProduceRecords.cashPaidOutFen(in: desk.database, fromMs: day.from, toMs: day.to) == 1_300)
        let totals = try ProduceRecords.totalsByGrade(in: desk.database, fromMs: day.from, toMs: day.to)
        #expect(totals == [ProduceRecords.GradeTotal(produce: "核桃", grade: "特级", purchases: 2, grams: 5_500, amountFen: 14_300)])
    }

    @Test("a cash payout the drawer cannot cover is refused and nothing is written")
    func drawerShortOfCash() throws {
        let data = try ScratchDirectory("produce-short")
        defer { data.remove() }
        let desk = try Self.desk(in: data.path, workers: HeldWorkers())
        let before = desk.engine.sequence
        #expect(try desk.buy(Self.walnuts(gross: 2_800, payout: .cash), nowMs: EngineStepTests.startMs)
            == .refused(.notEnoughCash(drawerFen: 3_720, amountFen: 5_200)))
        #expect(desk.engine.sequence == before)
    }

    @Test("a lot that weighs nothing net is refused and nothing is written")
    func refusedPurchaseWritesNothing() throws {
        let data = try ScratchDirectory("produce-refused")
        defer { data.remove() }
        let desk = try Self.desk(in: data.path, workers: HeldWorkers())
        let before = desk.engine.sequence
        #expect(try desk.buy(Self.walnuts(gross: 700, payout: .cash), nowMs: EngineStepTests.startMs)
            == .refused(.nothingNet(grossGrams: 700, tareGrams: 800)))
        #expect(desk.engine.sequence == before)
    }
}

@Suite("The produce desk's books are audited against its journal")
struct ProduceAuditTests {
    @Test("purchases journaled and stored agree; a row changed behind the journal's back is found")
    func auditFindsAlteredRow() throws {
        let data = try ScratchDirectory("produce-audit")
        defer { data.remove() }
        let desk = try ProduceDeskServiceTests.desk(in: data.path, workers: HeldWorkers())
        _ = try desk.buy(ProduceDeskServiceTests.walnuts(gross: 1_300, payout: .cash), nowMs: EngineStepTests.startMs)
        _ = try desk.buy(ProduceDeskServiceTests.walnuts(gross: 3_800, payout: .account), nowMs: EngineStepTests.startMs + 1)
        #expect(try ProduceAudit(database: desk.database).mismatches() == [])
        try desk.database.pool.write { db in try db.execute(sql: "UPDATE produce_purchases SET amount_fen = amount_fen + 100 WHERE payout = 'cash'") }
        let found = try ProduceAudit(database: desk.database).mismatches()
        #expect(found.count == 2)
        #expect(found.last == "produce cash paid out: rows say 1400 fen, the journal 1300 fen")
    }
}
