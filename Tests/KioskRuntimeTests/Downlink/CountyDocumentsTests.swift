import Foundation
import KioskCore
import KioskScreen
import KioskShell
import KioskStore
import KioskUplinkWire
import Logging
import Testing
@testable import KioskRuntime
@testable import KioskEngine

/// The county's documents at a running station: checked whole before they are taken, applied between
/// orders and never in the middle of one, and shown in `status`.
@Suite("county documents at the station")
struct CountyDocumentsTests {
    static let soap = "6916018159088"

    static func station(in directory: String) throws -> Station {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try Station(board: try Repository.board(), dataDirectory: directory, logger: logger, recentLog: RecentLogLines())
    }

    /// The sim catalog with soap at `fen`.
    static func catalog(soapAt fen: Int64) throws -> Data {
        let text = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
            .replacingOccurrences(of: "\(soap),雕牌洗衣粉1.5kg,袋,1860,", with: "\(soap),雕牌洗衣粉1.5kg,袋,\(fen),")
        #expect(text.contains(",\(fen),"))
        return Data(text.utf8)
    }

    static func soapPrice(_ station: Station) throws -> Int64? {
        try CatalogRepository(database: station.database).find(barcode: soap)?.priceFen
    }

    @Test("a new catalog waits while an order is rung up, and is applied once the sale is paid")
    func catalogAppliedBetweenOrders() throws {
        let data = try ScratchDirectory("county-catalog")
        defer { data.remove() }
        let station = try Self.station(in: data.path)
        try CatalogImporter(database: station.database).importCSV(atPath: Repository.simCatalog)
        let documents = DownlinkStore(database: station.database)
        let body = try Self.catalog(soapAt: 1_990)
        try documents.accept(kind: "catalog", version: 3, sha256: DownlinkDocument.sha256Hex(body), body: body, atMs: 1)

        try station.onEngine {
            station.engine.handle(.scan(ScannedCode(content: Array(Self.soap.utf8))), nowMs: station.nowMs)
            station.applyCountyDocuments()
        }
        #expect(try Self.soapPrice(station) == 1_860, "never in the middle of an order")
        #expect(try documents.waiting().map(\.version) == [3])

        try station.onEngine {
            station.handle(screen: .cash(fen: 2_000))
            #expect(station.engine.machine.order(station.engine.machine.currentOrderID!)?.totalFen == 1_860,
                    "the order keeps the price it was rung up at")
            station.applyCountyDocuments()
            #expect(station.engine.lastMessageCode == "COUNTY_DOCUMENT_APPLIED")
        }
        #expect(try Self.soapPrice(station) == 1_990)
        #expect(try documents.waiting().isEmpty)
        let lines = try StandaloneHost.countyDocumentLines(station.database)
        #expect(lines.count == 1 && lines[0].hasPrefix("catalog v3 in use since "), "\(lines)")
    }

    @Test("the county's produce prices replace the board's for the next purchase, and stay after a restart")
    func producePricesApplied() throws {
        let data = try ScratchDirectory("county-produce")
        defer { data.remove() }
        let board = try String(contentsOf: Repository.boards.appendingPathComponent("sim/produce.csv"), encoding: .utf8)
        let county = Data(board.replacingOccurrences(of: "version,1", with: "version,9")
            .replacingOccurrences(of: "price,核桃,特级,2600,", with: "price,核桃,特级,2750,").utf8)
        do {
            let station = try Self.station(in: data.path)
            try DownlinkStore(database: station.database).accept(kind: "produce-prices", version: 2,
                                                                 sha256: DownlinkDocument.sha256Hex(county), body: county, atMs: 1)
            let host = StationShellHost(station: station)
            #expect(try host.producePrices().first == "price list 价目表 v1", "not applied yet")
            station.onEngine { station.applyCountyDocuments() }
            let prices = try host.producePrices()
            #expect(prices.first == "price list 价目表 v9")
            #expect(prices.contains("核桃 特级  ￥27.50/kg  GTIN 06900000000021"))
        }
        let restarted = try Self.station(in: data.path)
        #expect(try StationShellHost(station: restarted).producePrices().first == "price list 价目表 v9")
    }

    @Test("each kind's check names what is wrong; a whole document passes")
    func checks() throws {
        #expect(CountyDocumentCheck.problem(.catalog, try Self.catalog(soapAt: 1_990)) == nil)
        let broken = Data("barcode,name,unit,price_fen,category,stock\n6916018159088,洗衣粉,袋,12.50,日化,9\n".utf8)
        let problem = try #require(CountyDocumentCheck.problem(.catalog, broken))
        #expect(problem.hasPrefix("1 bad line(s); line 2: "), "\(problem)")
        #expect(CountyDocumentCheck.problem(.catalog, Data("barcode,name,unit,price_fen,category,stock\n".utf8)) == "no products")
        #expect(CountyDocumentCheck.problem(.producePrices, Data("version,2\nprice,核桃,特级,-5,06900000000021\n".utf8)) != nil)
        #expect(CountyDocumentCheck.problem(.producePrices, Data([0xFF, 0xFE])) == "not UTF-8 text")
    }
}
