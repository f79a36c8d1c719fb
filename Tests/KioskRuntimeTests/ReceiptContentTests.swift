import Foundation
import KioskRuntime
import KioskSimulation
import KioskStore
import Testing

/// What a villager reads on an assisted order's receipt.
@Test("an assisted order's receipt names the villager, masks the phone and carries the pickup code")
func assistedReceiptContent() throws {
    let data = try ScratchDirectory("assisted")
    let receipts = try ScratchDirectory("assisted-receipts")
    defer {
        data.remove()
        receipts.remove()
    }
    let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
    defer { try? session.close() }
    try session.run(try ScenarioParser.parse("""
        assisted 王秀英 13800001234
        scan 6962019132742
        cash 80
        expect order 1 state awaiting-fulfilment
        """, fileName: "assisted.scenario"))
    let transcript = try String(contentsOfFile: receipts.path + "/receipt-0001.txt", encoding: .utf8)
    #expect(transcript.contains("王秀英 138****1234"))
    #expect(!transcript.contains("13800001234"))
    let pickupCode = try #require(try EventJournalReader.pickupCode(of: 1, in: data.path))
    #expect(transcript.contains("取件码 \(pickupCode)"))
}

/// Reads an order's pickup code back from the store.
enum EventJournalReader {
    static func pickupCode(of order: Int64, in directory: String) throws -> String? {
        let database = try KioskDatabase.open(dataDirectory: directory)
        defer { try? database.close() }
        return try EventJournal(database: database).order(order)?.pickupCode
    }
}
