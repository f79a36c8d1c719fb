import Foundation
import GRDB
import KioskCore
import KioskSimulation
import Logging
import Testing
@testable import KioskEngine
@testable import KioskSimulator
@testable import KioskStore

/// A station that buys produce and pays farmers' accounts through `payees` (the simulated payee, or a
/// worker that holds the payout as if the process died before it left).
final class PayoutStation {
    let printer = SimulatedPrinterPort(paperWidthDots: 384)
    let drawer = SimulatedDrawerPort()
    let desk: ProduceDeskService
    var engine: StationEngine { desk.engine }

    init(in directory: String, payees: any EffectWorker, nowMs: Int64 = EngineStepTests.startMs) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let database = try KioskDatabase.open(dataDirectory: directory)
        let configuration = try StationConfiguration(board: try Repository.board())
        let workers = StationWorkers(
            payments: GatewayWorker(gateway: try SimulatedGatewayPort(ledgerPath: nil), placement: .inline,
                                    orderNumbers: try MerchantOrderNumbers(stationID: configuration.stationID, database: database)),
            printer: ImmediatePrinterWorker(printer: printer, drawer: drawer))
        workers.payees = payees
        let engine = try StationEngine(configuration: configuration, database: database,
                                       ports: StationPorts(workers: workers, display: QuietDisplay()), logger: logger, nowMs: nowMs)
        let file = Repository.boards.appendingPathComponent("sim/produce.csv").path
        let (prices, tares) = try ProduceTableFile.parse(try String(contentsOfFile: file, encoding: .utf8)).get()
        desk = ProduceDeskService(engine: engine, database: database, prices: prices, tares: tares)
    }

    /// Buys 5.000 kg net of walnuts (¥130.00) from the farmer, paid to their account.
    func buyToAccount(atMs: Int64) throws -> ProducePurchase {
        guard case .bought(let purchase, _) = try desk.buy(ProduceDeskServiceTests.walnuts(gross: 5_800, payout: .account),
                                                           nowMs: atMs) else {
            throw PayoutTestFailure.notBought
        }
        return purchase
    }

    func payout(_ lot: String) throws -> ProducePayoutState? {
        try ProduceRecords.payout(lot: lot, in: desk.database)?.payout
    }

    /// The payout entries journaled, oldest first.
    func payoutEntries() throws -> [ProducePayoutState] {
        var entries: [ProducePayoutState] = []
        try engine.journal.forEachEvent(in: .produce) { _, payload in
            if let payout = ProducePayoutEntryCodec.decode(payload) { entries.append(payout) }
        }
        return entries
    }

    func pendingPayoutSends() throws -> [String] {
        try engine.journal.pendingOutbox().filter { $0.kind == ProduceDeskService.payoutOutboxKind }.map(\.idempotencyKey)
    }
}

enum PayoutTestFailure: Error {
    case notBought
}

@Suite("Account payouts to farmers: sent once under the lot's key, resumed after kill -9, failures kept for the technician")
struct ProducePayoutTests {
    static let startMs = EngineStepTests.startMs

    @Test("an account purchase pays the farmer through the payee at once under the lot's key; the send is done")
    func paidAtOnce() throws {
        let data = try ScratchDirectory("payout-paid")
        defer { data.remove() }
        let payee = SimulatedPayeePort()
        let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
        let purchase = try station.buyToAccount(atMs: Self.startMs)
        let payout = try #require(try station.payout(purchase.lot))
        #expect(payout.phase == .paid && payout.key == purchase.idempotencyKey && payout.reference == "PO100001")
        #expect(payee.payee.paidCount == 1 && payee.payee.paidFen == 13_000)
        #expect(station.engine.lastMessageCode == "PRODUCE_PAYOUT_PAID")
        station.engine.handle(.printerReady, nowMs: Self.startMs + 1_000)
        #expect(try station.pendingPayoutSends().isEmpty, "the answered send is marked done with the next commit")
        #expect(try ProduceAudit(database: station.desk.database).mismatches() == [])
    }

    @Test("after kill -9 with the payee's answer lost, the payout is asked about at start and paid once")
    func answerLostThenRestart() throws {
        let data = try ScratchDirectory("payout-answer-lost")
        defer { data.remove() }
        let payee = SimulatedPayeePort()
        payee.enqueue(.loseAnswer)
        let lot: String
        do {
            let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
            lot = try station.buyToAccount(atMs: Self.startMs).lot
            #expect(try station.payout(lot)?.phase == .sent)
        }
        let restarted = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline),
                                          nowMs: Self.startMs + 20_000)
        #expect(try restarted.payout(lot)?.phase == .paid)
        #expect(payee.payee.paidCount == 1 && payee.payee.requestsReceived == 1, "asked, never sent again")
        #expect(try restarted.pendingPayoutSends().isEmpty)
        #expect(try ProduceAudit(database: restarted.desk.database).mismatches() == [])
    }

    @Test("after kill -9 before the payout left the station, it is asked about at start, sent again under the same key, and paid once")
    func killedMidSend() throws {
        let data = try ScratchDirectory("payout-mid-send")
        defer { data.remove() }
        let held = HeldWorkers()
        let lot: String
        let key: String
        do {
            let station = try PayoutStation(in: data.path, payees: held)
            let purchase = try station.buyToAccount(atMs: Self.startMs)
            (lot, key) = (purchase.lot, purchase.idempotencyKey)
            #expect(held.started.contains { if case .payout(.pay(let payment, _)) = $0 { payment.key == key } else { false } })
            #expect(try station.pendingPayoutSends() == [key])
        }
        let payee = SimulatedPayeePort()
        let restarted = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline),
                                          nowMs: Self.startMs + 20_000)
        let payout = try #require(try restarted.payout(lot))
        #expect(payout.phase == .paid && payout.sends == 2)
        #expect(payee.payee.paidCount == 1 && payee.payee.paidFen == 13_000)
        #expect(try restarted.payoutEntries().map(\.phase) == [.sent, .paid], "the second send, then the payee's answer")
        #expect(try restarted.pendingPayoutSends().isEmpty)

        // A third start finds nothing to do: the payee is not asked again.
        let third = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline),
                                      nowMs: Self.startMs + 40_000)
        #expect(try third.payout(lot)?.phase == .paid)
        #expect(payee.payee.requestsReceived == 1)
        #expect(try ProduceAudit(database: third.desk.database).mismatches() == [])
    }

    @Test("a repeated and a late answer change nothing the first one settled")
    func duplicateAndLateAnswers() throws {
        let data = try ScratchDirectory("payout-duplicate")
        defer { data.remove() }
        let payee = SimulatedPayeePort()
        payee.enqueue(.duplicateAnswer)
        payee.enqueue(.lateAnswer(delayMs: 45_000))
        let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
        let first = try station.buyToAccount(atMs: Self.startMs).lot
        station.engine.advance(toMs: Self.startMs + 5_000)
        let second = try station.buyToAccount(atMs: Self.startMs + 10_000).lot
        // The query at +30 s finds the late one paid before its answer arrives at +45 s.
        station.engine.advance(toMs: Self.startMs + 120_000)
        #expect(try station.payout(first)?.phase == .paid && station.payout(second)?.phase == .paid)
        #expect(try station.payoutEntries().map(\.lot) == [first, second], "one entry a payout, whatever the answers")
        #expect(payee.payee.paidCount == 2)
        #expect(try ProduceAudit(database: station.desk.database).payoutCounts() == (paid: 2, pending: 0, failed: 0, flagged: 0))
    }

    @Test("a payout the payee refuses stays failed: the operator is told, the audit trail and db audit show it")
    func refusedPayoutIsForTheTechnician() throws {
        let data = try ScratchDirectory("payout-refused")
        defer { data.remove() }
        let payee = SimulatedPayeePort()
        payee.enqueue(.fail(reason: "账户已冻结"))
        let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
        let lot = try station.buyToAccount(atMs: Self.startMs).lot
        let payout = try #require(try station.payout(lot))
        #expect(payout.phase == .failed && payout.failureReason == "账户已冻结")
        #expect(station.engine.lastMessageCode == "PRODUCE_PAYOUT_FAILED")
        #expect(station.engine.lastMessage?.contains("王秀英") == true)
        let trail = try AuditTrail(database: station.desk.database).newest(limit: 5)
        #expect(trail.contains { $0.command == "produce payout \(lot)" && $0.outcome.contains("账户已冻结") })
        #expect(payee.payee.paidCount == 0)
        #expect(try ProduceAudit(database: station.desk.database).mismatches() == [])
        #expect(try ProduceAudit(database: station.desk.database).payoutCounts() == (paid: 0, pending: 0, failed: 1, flagged: 0))

        // A restart leaves it failed and does not send it again.
        let restarted = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline),
                                          nowMs: Self.startMs + 60_000)
        #expect(try restarted.payout(lot)?.phase == .failed)
        #expect(payee.payee.requestsReceived == 1)
    }

    @Test("a payout the payee never receives is sent again on the query schedule, at most five times, then fails")
    func neverReceivedGivesUp() throws {
        let data = try ScratchDirectory("payout-lost")
        defer { data.remove() }
        let payee = SimulatedPayeePort()
        for _ in 0..<5 { payee.enqueue(.loseRequest) }
        let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
        let lot = try station.buyToAccount(atMs: Self.startMs).lot
        #expect(station.engine.payouts.nextQueryAtMs(lot: lot) == Self.startMs + ProducePayoutDesk.firstQueryDelayMs)
        station.engine.advance(toMs: Self.startMs + 3_600_000)
        let payout = try #require(try station.payout(lot))
        #expect(payout.phase == .failed && payout.sends == ProducePayoutRules.maximumSends)
        #expect(payee.payee.paidCount == 0 && payee.payee.requestsReceived == 0)
        #expect(station.engine.payouts.nextQueryAtMs(lot: lot) == nil)
        #expect(try ProduceAudit(database: station.desk.database).mismatches() == [])
    }

    @Test("an account purchase made before v11_produce_payouts is asked about at the next start and paid once")
    func purchaseFromBeforeTheMigration() throws {
        let data = try ScratchDirectory("payout-migration")
        defer { data.remove() }
        do {
            let queue = try DatabaseQueue(path: data.path + "/kiosk.sqlite")
            try KioskSchema.migrator.migrate(queue, upTo: "v8_bills")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO produce_farmers (id, name, phone_masked, village, last_seen_ms) VALUES (1, '王秀英', '138****5678', '石门村', 1);
                    INSERT INTO produce_purchases (lot, farmer_id, produce, grade, price_version, fen_per_kg, gross_g, tare_g, net_g,
                        amount_fen, payout, idempotency_key, packed_date, recorded_at_ms)
                    VALUES ('2609300001', 1, '核桃', '特级', 1, 2600, 5800, 800, 5000, 13000, 'account', 'produce-payout-2609300001',
                        '260930', 1);
                    """)
            }
        }
        let payee = SimulatedPayeePort()
        let station = try PayoutStation(in: data.path, payees: PayeeWorker(port: payee, placement: .inline))
        let payout = try #require(try station.payout("2609300001"))
        #expect(payout.phase == .paid && payout.sends == 2 && payout.key == "produce-payout-2609300001",
                "the payee knew nothing of it: sent again under its key")
        #expect(payee.payee.paidCount == 1 && payee.payee.paidFen == 13_000)
    }

    @Test("a station with no payee refuses account payouts and writes nothing")
    func noPayeeNoAccountPayouts() throws {
        let data = try ScratchDirectory("payout-none")
        defer { data.remove() }
        let engine = try EngineStepTests.engine(in: data.path, workers: HeldWorkers())
        var configuration = engine.configuration
        configuration.paysFarmerAccounts = false
        let file = Repository.boards.appendingPathComponent("sim/produce.csv").path
        let (prices, tares) = try ProduceTableFile.parse(try String(contentsOfFile: file, encoding: .utf8)).get()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let database = try KioskDatabase.open(dataDirectory: data.path)
        let cashOnly = try StationEngine(configuration: configuration, database: database,
                                         ports: StationPorts(workers: HeldWorkers(), display: QuietDisplay()), logger: logger,
                                         nowMs: Self.startMs)
        let desk = ProduceDeskService(engine: cashOnly, database: database, prices: prices, tares: tares)
        let before = cashOnly.sequence
        #expect(try desk.buy(ProduceDeskServiceTests.walnuts(gross: 5_800, payout: .account), nowMs: Self.startMs) == .refused(.noAccountPayouts))
        #expect(cashOnly.sequence == before)
    }
}

@Suite("Payout decisions and their journal entries")
struct ProducePayoutRulesTests {
    static let sent = ProducePayoutState(lot: "2609300001", key: "produce-payout-2609300001", amountFen: 13_000, phase: .sent,
                                         sends: 1, lastContactMs: 1_000)

    @Test("a success after a failure is recorded as paid and flagged; a failure after a success is flagged once")
    func contradictionsAreFlagged() {
        guard case .record(let failed, true) = ProducePayoutRules.decide(.failed(reason: "x"), for: Self.sent, atMs: 2_000) else {
            Issue.record("a refusal is not recorded for the technician")
            return
        }
        guard case .record(let paidLate, true) = ProducePayoutRules.decide(.paid(reference: "PO1"), for: failed, atMs: 3_000) else {
            Issue.record("a success after a failure is not flagged")
            return
        }
        #expect(paidLate.phase == .paid && paidLate.flag?.contains("paid twice") == true)
        guard case .record(let paid, false) = ProducePayoutRules.decide(.paid(reference: "PO1"), for: Self.sent, atMs: 2_000) else {
            Issue.record("a success is not recorded")
            return
        }
        guard case .record(let flagged, true) = ProducePayoutRules.decide(.failed(reason: "y"), for: paid, atMs: 4_000) else {
            Issue.record("a failure after a success is not flagged")
            return
        }
        #expect(flagged.phase == .paid && flagged.flag != nil)
        #expect(ProducePayoutRules.decide(.failed(reason: "z"), for: flagged, atMs: 5_000) == .unchanged("already flagged"))
        #expect(ProducePayoutRules.decide(.paid(reference: "PO1"), for: paid, atMs: 5_000) == .unchanged("a repeated answer"))
    }

    @Test("a payout entry encodes and decodes to itself; a purchase's bytes are not a payout")
    func entryRoundTrip() throws {
        var payout = Self.sent
        payout.phase = .failed
        payout.failureReason = "账户已冻结"
        payout.sends = 3
        let bytes = ProducePayoutEntryCodec.encode(payout)
        #expect(ProducePayoutEntryCodec.decode(bytes) == payout)
        #expect(ProduceEntryCodec.decode(bytes) == nil)
        #expect(ProducePayoutEntryCodec.decode(Array(bytes.dropLast())) == nil)
    }
}
