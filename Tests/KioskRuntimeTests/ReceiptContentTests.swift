import Foundation
import KioskRuntime
import KioskEngine
import KioskSimulator
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

/// What a technician sets with `config set` is what the station does after it restarts.
@Test("stored station.name, receipt.footer, payment.timeout_s and payment.qr_timeout_s apply at the next start")
func storedSettingsApplyAtStart() throws {
    let data = try ScratchDirectory("settings")
    let receipts = try ScratchDirectory("settings-receipts")
    defer {
        data.remove()
        receipts.remove()
    }
    let database = try KioskDatabase.open(dataDirectory: data.path)
    for (key, value) in [("station.name", "李家村服务站"), ("receipt.footer", "核桃下周到货"), ("payment.timeout_s", "90"),
                         ("payment.qr_timeout_s", "300")] {
        try StoredSettings.store(value, as: key, in: database)
    }
    try database.close()
    let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
    defer { try? session.close() }
    #expect(session.engine.configuration.paymentTimeoutMs == 90_000)
    #expect(session.engine.configuration.qrPaymentTimeoutMs == 300_000)
    try session.run(try ScenarioParser.parse("""
        scan 6962019132742
        cash 80
        """, fileName: "settings.scenario"))
    let transcript = try String(contentsOfFile: receipts.path + "/receipt-0001.txt", encoding: .utf8)
    #expect(transcript.contains("李家村服务站"))
    #expect(!transcript.contains("模拟村级服务站"))
    #expect(transcript.contains("核桃下周到货"))
    #expect(!transcript.contains("谢谢惠顾"))
}
