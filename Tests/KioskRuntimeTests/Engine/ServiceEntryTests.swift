import Foundation
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskStore

/// A domain of this test's own, as a service declares one.
extension JournalDomain {
    static let testDesk = JournalDomain("test_desk")
}

@Suite("A service's journal entries beside the counter's")
struct ServiceEntryTests {
    /// A service entry that writes a row of its own and prints a document of no order.
    static func entry(atMs: Int64, value: String) -> JournalCommit {
        var commit = JournalCommit(eventPayload: Array(value.utf8), eventKind: "testNoted", recordedAtMs: atMs,
                                   domain: .testDesk)
        commit.writes = [StoreWrite("INSERT INTO settings (key, value) VALUES (?, ?)", .text("test.\(value)"), .text(value))]
        commit.printJobs = [PrintJobRequest(orderID: nil, isReprint: false, bytes: Array("label \(value)\n".utf8),
                                            kind: .refundSlip)]
        return commit
    }

    @Test("a service entry commits its rows and document with it; the counter's replay and sequence go on around it")
    func serviceEntryBesideCounter() throws {
        let data = try ScratchDirectory("service-entry")
        defer { data.remove() }
        let workers = HeldWorkers()
        let engine = try EngineStepTests.engine(in: data.path, workers: workers)
        let startMs = EngineStepTests.startMs
        engine.handle(.scan(EngineStepTests.milk), nowMs: startMs)
        let sequence = try #require(engine.commitService(Self.entry(atMs: startMs + 1_000, value: "a"), nowMs: startMs + 1_000))
        #expect(sequence == engine.sequence)
        let database = try KioskDatabase.open(dataDirectory: data.path)
        #expect(try StoredSettings.value(of: "test.a", in: database) == "a")
        #expect(workers.printJobs.count == 1, "the document goes to the printer")
        engine.handle(.printed(jobID: workers.printJobs[0]), nowMs: startMs + 2_000)
        #expect(try engine.journal.unconfirmedPrintJobs().isEmpty)

        engine.handle(.scan(EngineStepTests.milk), nowMs: startMs + 3_000)
        var serviceEntries: [String] = []
        try engine.journal.forEachEvent(in: .testDesk) { _, payload in serviceEntries.append(String(decoding: payload, as: UTF8.self)) }
        #expect(serviceEntries == ["a"])

        // The counter's replay skips the service's entry: a new engine on the same store has the same sale.
        let lines = engine.machine.order(try #require(engine.machine.currentOrderID))?.lineCount
        let restarted = try EngineStepTests.engine(in: data.path, workers: HeldWorkers())
        #expect(restarted.sequence == engine.sequence)
        #expect(restarted.machine.order(try #require(restarted.machine.currentOrderID))?.lineCount == lines)
    }

    @Test("a service's document cut off by a power cut is printed again as it was, not as a receipt")
    func unconfirmedDocumentReprintedAsItWas() throws {
        let data = try ScratchDirectory("service-entry-recovery")
        defer { data.remove() }
        let engine = try EngineStepTests.engine(in: data.path, workers: HeldWorkers())
        _ = try #require(engine.commitService(Self.entry(atMs: EngineStepTests.startMs, value: "b"), nowMs: EngineStepTests.startMs))
        let workers = HeldWorkers()
        _ = try EngineStepTests.engine(in: data.path, workers: workers)
        let reprinted = workers.started.compactMap { if case .print(_, let bytes) = $0 { bytes } else { nil } }
        #expect(reprinted == [Array("label b\n".utf8)])
    }
}
