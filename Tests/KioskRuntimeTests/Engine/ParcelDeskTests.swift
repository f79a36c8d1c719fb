import Foundation
import GRDB
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskSimulator
@testable import KioskStore

@Suite("The parcel desk journals each parcel before its label and message")
struct ParcelDeskTests {
    static let startMs = EngineStepTests.startMs

    /// An engine and its desk on `directory`, with `workers` and, unless told otherwise, messages sent.
    static func desk(in directory: String, workers: any EffectWorker, sendsMessages: Bool = true)
        throws -> (StationEngine, ParcelDesk, KioskDatabase) {
        let engine = try EngineStepTests.engine(in: directory, workers: workers)
        let database = try KioskDatabase.open(dataDirectory: directory)
        var settings = engine.configuration.parcels
        settings.sendsMessages = sendsMessages
        return (engine, try ParcelDesk(engine: engine, database: database, settings: settings, nowMs: startMs), database)
    }

    static func messages(_ workers: HeldWorkers) -> [(ShortMessage, String)] {
        workers.started.compactMap { if case .sendMessage(let message, let key) = $0 { (message, key) } else { nil } }
    }

    @Test("an arrival is committed — row, entry, label, message — before the label prints or the message goes")
    func arrivalCommittedFirst() throws {
        let data = try ScratchDirectory("parcel-arrival")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (_, desk, database) = try Self.desk(in: data.path, workers: workers)
        let parcel = try #require(desk.arrive(waybill: "SF1234567890123", phone: "13800001234", nowMs: Self.startMs))
        #expect(parcel.carrier == .sf && parcel.maskedPhone == "138****1234" && parcel.phoneLast4 == "1234")

        // Nothing has printed or been sent yet (the workers hold it), and all of it is already stored.
        #expect(workers.printJobs.count == 1)
        let (message, key) = try #require(Self.messages(workers).first)
        #expect(message.text.contains(parcel.code.text) && message.phone == "13800001234")
        #expect(try ParcelStore(database: database).waiting(code: parcel.code)?.waybill == "SF1234567890123")
        #expect(try EventJournal(database: database).pendingOutbox().map(\.idempotencyKey) == [key])
        var entries: [ParcelEntry] = []
        try EventJournal(database: database).forEachEvent(in: .parcels) { _, bytes in
            if let entry = ParcelEntry(decoding: bytes) { entries.append(entry) }
        }
        #expect(entries == [.arrived(parcelID: parcel.id, waybill: "SF1234567890123", carrier: .sf, phoneLast4: "1234",
                                     code: parcel.code, atMs: Self.startMs)])
        let listed = try ParcelStore(database: database).list()
        #expect(!listed.contains { $0.maskedPhone.contains("00001234") }, "the store keeps the phone masked")
    }

    @Test("a message pending when the station stopped is sent after it starts, under its key, once")
    func pendingMessageResumed() throws {
        let data = try ScratchDirectory("parcel-sms-resume")
        defer { data.remove() }
        let (_, desk, _) = try Self.desk(in: data.path, workers: HeldWorkers())
        let parcel = try #require(desk.arrive(waybill: "75123456789012", phone: "13900005678", nowMs: Self.startMs))

        let sms = SimulatedSMSPort()
        let workers = StationWorkers(payments: HeldWorkers(), printer: HeldWorkers())
        workers.messages = MessageWorker(port: sms, placement: .inline)
        let (engine, _, _) = try Self.desk(in: data.path, workers: workers)
        #expect(sms.sent.count == 1)
        #expect(sms.sent.first?.text.contains(parcel.code.text) == true)
        // The next commit marks it done; another start sends nothing more.
        engine.handle(.scan(EngineStepTests.milk), nowMs: Self.startMs + 5_000)
        _ = try Self.desk(in: data.path, workers: workers)
        #expect(sms.sent.count == 1)
    }

    @Test("a message the modem took is marked done at once: killed right after, the next start sends it no more")
    func sentMessageNotSentAgainAfterKill() throws {
        let data = try ScratchDirectory("parcel-sms-once")
        defer { data.remove() }
        let sms = SimulatedSMSPort()
        let workers = StationWorkers(payments: HeldWorkers(), printer: HeldWorkers())
        workers.messages = MessageWorker(port: sms, placement: .inline)
        let (engine, desk, database) = try Self.desk(in: data.path, workers: workers)
        _ = try #require(desk.arrive(waybill: "75123456789013", phone: "13900005679", nowMs: Self.startMs))
        #expect(sms.sent.count == 1)
        // The loop takes the worker's report that the modem took it.
        engine.advance(toMs: Self.startMs + 1)
        #expect(try EventJournal(database: database).pendingOutbox().isEmpty, "done without waiting for another commit")

        // kill -9 now, with no other commit after the send: a modem seen fresh at the next start sends nothing.
        let modemAfterRestart = SimulatedSMSPort()
        let restarted = StationWorkers(payments: HeldWorkers(), printer: HeldWorkers())
        restarted.messages = MessageWorker(port: modemAfterRestart, placement: .inline)
        _ = try Self.desk(in: data.path, workers: restarted)
        #expect(modemAfterRestart.sent.isEmpty)
    }

    @Test("in pickup mode a wrong parcel scanned is refused, the counter never sees it, nothing is handed over")
    func wrongParcelRefused() throws {
        let data = try ScratchDirectory("parcel-mismatch")
        defer { data.remove() }
        let (engine, desk, database) = try Self.desk(in: data.path, workers: HeldWorkers())
        let mine = try #require(desk.arrive(waybill: "YT1234567890123", phone: "13800001234", nowMs: Self.startMs))
        let other = try #require(desk.arrive(waybill: "7712345678901", phone: "13700002222", nowMs: Self.startMs + 1_000))
        desk.mode = .pickup
        for digit in mine.code.text { engine.handle(.key(String(digit)), nowMs: Self.startMs + 2_000) }
        engine.handle(.key("KP_Enter"), nowMs: Self.startMs + 2_000)
        #expect(engine.lastMessageCode == "PARCEL_FOUND")
        engine.handle(.scan(ScannedCode(content: Array(other.waybill.utf8))), nowMs: Self.startMs + 3_000)
        #expect(engine.lastMessageCode == "PARCEL_MISMATCH")
        #expect(engine.lastMessage?.contains(mine.slot.text) == true, "the operator is told which slot to take")
        #expect(engine.machine.currentOrderID == nil, "the scan did not reach the counter")
        let store = ParcelStore(database: database)
        #expect(try store.parcel(other.id)?.state == .onShelf && store.parcel(mine.id)?.state == .onShelf)
        engine.handle(.scan(ScannedCode(content: Array(mine.waybill.utf8))), nowMs: Self.startMs + 4_000)
        #expect(try store.parcel(mine.id)?.state == .pickedUp)
        #expect(try store.violations().isEmpty)
    }

    @Test("without a modem the desk prints a pickup slip with the label and queues no message")
    func slipWithoutModem() throws {
        let data = try ScratchDirectory("parcel-slip")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (_, desk, database) = try Self.desk(in: data.path, workers: workers, sendsMessages: false)
        _ = try #require(desk.arrive(waybill: "LP00123456789012", phone: "13600003333", nowMs: Self.startMs))
        #expect(workers.printJobs.count == 2)
        #expect(Self.messages(workers).isEmpty)
        #expect(try EventJournal(database: database).pendingOutbox().isEmpty)
    }

    @Test("the audit finds a parcel whose row its journal entries do not explain, and the broken identity")
    func auditFindsTamperedRow() throws {
        let data = try ScratchDirectory("parcel-audit")
        defer { data.remove() }
        let (_, desk, database) = try Self.desk(in: data.path, workers: HeldWorkers())
        let parcel = try #require(desk.arrive(waybill: "4312345678901", phone: nil, nowMs: Self.startMs))
        #expect(try ParcelStore(database: database).violations().isEmpty)
        try database.pool.write { db in try db.execute(sql: "UPDATE parcels SET state = 'picked_up' WHERE id = ?", arguments: [parcel.id]) }
        let violations = try ParcelStore(database: database).violations()
        #expect(violations.contains { $0.hasPrefix("parcels yunda:") })
        #expect(violations.contains { $0.contains("parcel \(parcel.id) is picked_up") })
    }
}
