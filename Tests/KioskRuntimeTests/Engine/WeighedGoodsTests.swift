import Foundation
import KioskBoard
import KioskCore
import KioskStore
import Logging
import Testing
@testable import KioskEngine

/// Weighed goods at the counter: GS1 net weights and in-store scale labels are charged weight ×
/// price per kg, and their lines read with name, weight and price per kg.
@Suite("Weighed goods at the counter")
struct WeighedGoodsTests {
    /// The sim catalog plus walnuts by the kilogram, Sichuan pepper by the jin (PLU 00123 on the
    /// label scale) and eggs by the piece.
    static let extraProducts = """
        6900000000014,核桃,kg,3605,土特产,100
        2100123000005,大红袍花椒,斤,4000,土特产,50
        """

    static func engine(in directory: String, labels: ScaleLabelLayout) throws -> StationEngine {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let catalog = URL(fileURLWithPath: directory).appendingPathComponent("catalog.csv").path
        let shipped = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
        try (shipped + (shipped.hasSuffix("\n") ? "" : "\n") + extraProducts + "\n").write(toFile: catalog, atomically: true, encoding: .utf8)
        let database = try KioskDatabase.open(dataDirectory: directory)
        _ = try CatalogImporter(database: database).importCSV(atPath: catalog)
        var configuration = try StationConfiguration(board: try Repository.board())
        configuration.scaleLabels = labels
        return try StationEngine(configuration: configuration, database: database,
                                 ports: StationPorts(workers: HeldWorkers(), display: QuietDisplay()),
                                 logger: logger, nowMs: EngineStepTests.startMs)
    }

    static func lastLine(_ engine: StationEngine) throws -> (amountFen: Int64, name: String) {
        let order = try #require(engine.machine.currentOrderID)
        let line = try #require(engine.machine.lines(of: order).last)
        return (line.amountFen, try engine.names.name(of: line.barcode.text))
    }

    @Test("a GS1 net weight with dates charges weight × price per kg, rounded half up to the fen")
    func gs1NetWeight() throws {
        let data = try ScratchDirectory("weighed-gs1")
        defer { data.remove() }
        let engine = try Self.engine(in: data.path, labels: .price)
        // 1.234 kg at ¥36.05/kg is ¥44.4857: ¥44.49. Production and expiry dates do not refuse the scan.
        engine.handle(.scan(ScannedCode(content: Array("]C1010690000000001411260915310300123417261018".utf8))),
                      nowMs: EngineStepTests.startMs)
        let line = try Self.lastLine(engine)
        #expect(line.amountFen == 4449)
        #expect(line.name == "核桃 1.234kg×36.05元/kg")
    }

    @Test("a weight label is priced from the catalog's price per jin; its PLU gives the name")
    func weightLabel() throws {
        let data = try ScratchDirectory("weighed-label")
        defer { data.remove() }
        let engine = try Self.engine(in: data.path, labels: .weight)
        // 2 1 00123 00500 0: PLU 00123, 500 g at ¥40.00 per jin.
        engine.handle(.scan(ScannedCode(content: Array("2100123005000".utf8))), nowMs: EngineStepTests.startMs)
        let line = try Self.lastLine(engine)
        #expect(line.amountFen == 4000)
        #expect(line.name == "大红袍花椒 0.500kg×80.00元/kg")
    }

    @Test("a price label charges its price and is named by its PLU")
    func priceLabel() throws {
        let data = try ScratchDirectory("weighed-price-label")
        defer { data.remove() }
        let engine = try Self.engine(in: data.path, labels: .price)
        engine.handle(.scan(ScannedCode(content: Array("2100123012503".utf8))), nowMs: EngineStepTests.startMs)
        let line = try Self.lastLine(engine)
        #expect(line.amountFen == 1250)
        #expect(line.name == "大红袍花椒")
    }
}

@Suite("Weighed goods arithmetic")
struct WeighedGoodsArithmeticTests {
    @Test func amountRoundsHalfUpToTheFen() {
        #expect(WeighedGoods.amountFen(grams: 1234, fenPerKg: 3605) == 4449)
        #expect(WeighedGoods.amountFen(grams: 500, fenPerKg: 1) == 1)
        #expect(WeighedGoods.amountFen(grams: 499, fenPerKg: 1) == 0)
        #expect(WeighedGoods.amountFen(grams: -1, fenPerKg: 100) == nil)
    }

    @Test func lineKeyReadsBack() throws {
        let key = try #require(WeighedLineKey(code: "6900000000014", grams: 9_999_999, fenPerKg: 9_999_999))
        #expect(key.text.utf8.count <= 32)
        #expect(WeighedLineKey(parsing: key.text) == key)
        #expect(WeighedLineKey(parsing: "6900000000014") == nil)
        #expect(WeighedLineKey(code: "6900000000014", grams: 10_000_000, fenPerKg: 1) == nil)
    }
}
