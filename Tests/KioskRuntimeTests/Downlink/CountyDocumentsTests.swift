import Foundation
import KioskCore
import KioskScreen
import KioskShell
import KioskStore
import KioskUplink
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
        for (kind, file) in [(DownlinkKind.billers, "billers.csv"), (.carriers, "carriers.csv")] {
            let example = try Data(contentsOf: Repository.root.appendingPathComponent("docs/county/\(file)"))
            #expect(CountyDocumentCheck.problem(kind, example) == nil, "the README's example \(file) passes")
        }
        let billers = "code,name,kind\nsgcc,国网电费,electricity\n"
        #expect(CountyDocumentCheck.problem(.billers, Data((billers + "sgcc,国网电费二,electricity\n").utf8))
                == "billers line 3: a biller's code is 1 to 32 characters and unique (found 'sgcc')")
        #expect(CountyDocumentCheck.problem(.billers, Data((billers + "gas,燃气费,gas\n").utf8))
                == "billers line 3: expected electricity, water, phone or social_insurance (found 'gas')")
        #expect(CountyDocumentCheck.problem(.billers, Data("code,name,kind,barcode\nsgcc,国网电费,electricity,{account:99\n".utf8))?
                .hasPrefix("billers line 2: expected fixed fields like {account:10}{amount:8}") == true)
        #expect(CountyDocumentCheck.problem(.billers, Data("code,name,kind\n".utf8)) == "billers line 1: no billers")
        #expect(CountyDocumentCheck.problem(.billers, Data("sgcc,国网电费,electricity\n".utf8))
                == "billers line 1: expected the header code,name,kind,barcode")
        #expect(CountyDocumentCheck.problem(.carriers, Data("carrier,hold_days\nsf,7\n".utf8)) == "carriers line 1: no default line")
        #expect(CountyDocumentCheck.problem(.carriers, Data("carrier,hold_days\ndefault,31\n".utf8))
                == "carriers line 2: expected carrier,days with whole days from 1 to 30")
        #expect(CountyDocumentCheck.problem(.carriers, Data("carrier,hold_days\ndefault,3\ndhl,5\n".utf8))?
                .hasPrefix("carriers line 3: no carrier 'dhl'") == true)
        #expect(CountyDocumentCheck.problem(.carriers, Data("carrier,hold_days\ndefault,3\nsf,5\nsf,6\n".utf8))
                == "carriers line 4: sf is given twice")
    }

    // MARK: Through the down-link client

    /// The county's hub as the station's down-link client meets it: it answers every request with
    /// `documents`, signed with the station's key and bound to the request, as `kiosk-hub serve` does.
    struct CountyHub: UplinkTransport {
        let key: StationKey
        let stationID: String
        let documents: [DownlinkDocument]

        func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse {
            UplinkResponse(status: 404, body: Data("documents only".utf8))
        }

        func get(_ url: URL, headers: [String: String]) async throws -> UplinkResponse {
            let body = try UplinkCoding.encode(DownlinkListing(station: stationID, documents: documents))
            let requestMs = try #require(headers[UplinkSignature.timestampHeader].flatMap { Int64($0) })
            let signature = DownlinkSignature.sign(key: key, station: stationID, requestTimestampMs: requestMs, body: body)
            return UplinkResponse(status: 200, body: body, headers: [UplinkSignature.signatureHeader.lowercased(): signature])
        }
    }

    /// Enrols `station` with a county hub that offers `documents`, and fetches once with the real client
    /// and the station's own checks.
    static func fetch(_ documents: [DownlinkDocument], into station: Station) async throws -> DownlinkClient.Outcome {
        let keyFile = station.dataDirectory + "/county-test.key"
        let stationID = station.board.station.stationID
        if !FileManager.default.fileExists(atPath: keyFile) {
            try StationKeyFile.write(StationKey.random(), to: keyFile)
            try UplinkSetup.enrol(database: station.database, hubURL: "https://hub.test:8470", stationID: stationID, keyFile: keyFile)
        }
        let hub = CountyHub(key: try StationKeyFile.read(keyFile), stationID: stationID, documents: documents)
        let client = try #require(try UplinkSetup.downlinkClient(database: station.database, transport: hub,
                                                                 check: CountyDocumentCheck.problem))
        return await client.fetchOnce(nowMs: Station.wallClockMs())
    }

    static func document(_ kind: DownlinkKind, _ version: Int64, _ text: String) -> DownlinkDocument {
        DownlinkDocument(kind: kind.rawValue, version: version, body: Data(text.utf8))
    }

    /// The county's list: the board's electricity, a county water works and Unicom; China Mobile dropped.
    static let countyBillers = """
        code,name,kind,barcode
        sgcc,国网电费,electricity,{account:10}{amount:8}
        aksu-water,阿克苏农村供水,water,AW{account:8}
        cucc,联通话费,phone,

        """

    @Test("a county biller list waits for the bill on the counter, then is offered at the shell and the screen; a bill in flight keeps its biller")
    func billersAppliedBetweenOrders() async throws {
        let data = try ScratchDirectory("county-billers")
        defer { data.remove() }
        do {
            let station = try Self.station(in: data.path)
            let host = StationShellHost(station: station)
            #expect(try host.lookUpBill(billerCode: "cmcc", account: "13812345678").contains("移动话费"))
            #expect(try host.openBill(amountFen: 5_000) == "bill 1 is on the counter: take the money as for a sale")

            let outcome = try await Self.fetch([Self.document(.billers, 2, Self.countyBillers)], into: station)
            #expect(outcome == .checked(accepted: ["billers v2"], refused: []))
            station.onEngine { station.applyCountyDocuments() }
            #expect(try host.billers().contains("cmcc  移动话费  phone"), "never in the middle of an order")

            // The biller keeps the payment 处理中: the bill is in flight when the list changes.
            station.simulation?.biller.enqueue(.pending(queries: 1, succeeds: true))
            station.onEngine {
                station.engine.handle(.cash(fen: 5_000), nowMs: station.nowMs)
                station.applyCountyDocuments()
                #expect(station.engine.lastMessageCode == "COUNTY_DOCUMENT_APPLIED")
                #expect(station.engine.lastMessage == "县中心缴费单位已更新：v2")
            }
            #expect(try host.billers() == ["sgcc  国网电费  electricity  barcode {account:10}{amount:8}",
                                           "aksu-water  阿克苏农村供水  water  barcode AW{account:8}",
                                           "cucc  联通话费  phone"])
            #expect(throws: ShellHostError.failed("refused: no such biller")) {
                _ = try host.lookUpBill(billerCode: "cmcc", account: "13812345678")
            }
            #expect(try host.lookUpBill(billerCode: "cucc", account: "13012345678").contains("联通话费"))
            let screen = station.onEngine {
                station.screenView = .bills
                return station.screenState().bills
            }
            #expect(screen?.billers.map(\.name) == ["国网电费", "阿克苏农村供水", "联通话费"])
            #expect(screen?.pending.map(\.biller) == ["移动话费"], "the bill in flight keeps its biller's name")

            #expect(try host.queryBill(1) == "bill 1 queried: now succeeded")
            let bill = try #require(station.onEngine { station.engine.bills.bill(1) })
            #expect(bill.billerCode == "cmcc" && bill.billerKind == .phoneCredit && bill.amountFen == 5_000)

            // A broken list is refused whole, and the station stays on v2.
            let broken = Self.countyBillers + "gas,燃气费,gas,\n"
            #expect(try await Self.fetch([Self.document(.billers, 3, broken)], into: station)
                    == .checked(accepted: [], refused: ["billers v3: billers line 5: expected electricity, water, phone or social_insurance (found 'gas')"]))
            station.onEngine { station.applyCountyDocuments() }
            #expect(try host.billers().count == 3)
            let lines = try StandaloneHost.countyDocumentLines(station.database)
            #expect(lines.count == 2 && lines[0].hasPrefix("billers v2 in use since ")
                    && lines[1] == "billers v3 refused 已拒收: billers line 5: expected electricity, water, phone or social_insurance (found 'gas')",
                    "\(lines)")
        }
        let restarted = try Self.station(in: data.path)
        #expect(try StationShellHost(station: restarted).billers().map { $0.prefix(while: { $0 != " " }) } == ["sgcc", "aksu-water", "cucc"],
                "the county's list is offered again after a restart")
        // A water bill printed with the county's barcode is looked up and opened when scanned.
        let scanned = restarted.onEngine {
            restarted.engine.handle(.scan(ScannedCode(content: Array("AW12345678".utf8))), nowMs: restarted.nowMs)
            return restarted.engine.bills.bill(2)
        }
        #expect(scanned?.billerCode == "aksu-water" && scanned?.account == "12345678")

        // That bill is in flight when a list without its biller comes, and after another restart.
        restarted.simulation?.biller.enqueue(.pending(queries: 5, succeeds: true))
        restarted.onEngine { restarted.engine.handle(.cash(fen: scanned?.amountFen ?? 0), nowMs: restarted.nowMs) }
        let withoutWater = Self.document(.billers, 4, "code,name,kind\nsgcc,国网电费,electricity\n")
        try DownlinkStore(database: restarted.database).accept(kind: "billers", version: 4, sha256: withoutWater.sha256,
                                                              body: withoutWater.body, atMs: 1)
        restarted.onEngine { restarted.applyCountyDocuments() }
        #expect(try StationShellHost(station: restarted).billers() == ["sgcc  国网电费  electricity"])
        #expect(restarted.onEngine { restarted.engine.bills.pendingBills().map(\.billerCode) } == ["aksu-water"])
        let again = try Self.station(in: data.path)
        let name = again.onEngine { (again.engine.bills.billers.map(\.code), again.engine.bills.billerName("aksu-water")) }
        #expect(name.0 == ["sgcc"] && name.1 == "阿克苏农村供水", "its papers keep its biller's name after a restart")
    }

    @Test("county carrier settings hold the next parcels for their days; parcels on the shelf keep their due date, across a restart")
    func carrierSettingsApplied() async throws {
        let data = try ScratchDirectory("county-carriers")
        defer { data.remove() }
        let day = ParcelHoldPolicy.dayMs
        let early: ParcelRecord
        do {
            let station = try Self.station(in: data.path)
            _ = try CatalogImporter(database: station.database).importCSV(atPath: Repository.simCatalog)
            early = try #require(station.onEngine { station.parcels.arrive(waybill: "731234567890", phone: "13812345678", nowMs: station.nowMs) })
            #expect(early.carrier == .zto && early.expiresAtMs == early.arrivedAtMs + 3 * day, "the board's 3 days")

            let county = "carrier,hold_days\ndefault,5\nsf,10\n"
            #expect(try await Self.fetch([Self.document(.carriers, 4, county)], into: station)
                    == .checked(accepted: ["carriers v4"], refused: []))
            station.onEngine {
                station.engine.handle(.scan(ScannedCode(content: Array(Self.soap.utf8))), nowMs: station.nowMs)
                station.applyCountyDocuments()
            }
            #expect(try DownlinkStore(database: station.database).waiting().map(\.kind) == ["carriers"], "never in the middle of an order")
            station.onEngine {
                station.handle(screen: .cash(fen: 2_000))
                station.applyCountyDocuments()
                #expect(station.engine.lastMessage == "县中心快递保管天数已更新：v4")
            }
            let later = try #require(station.onEngine { station.parcels.arrive(waybill: "731234567891", phone: "13812345678", nowMs: station.nowMs) })
            #expect(later.expiresAtMs == later.arrivedAtMs + 5 * day, "new arrivals get the county's days")
            let sf = try #require(station.onEngine { station.parcels.arrive(waybill: "SF1234567890123", phone: nil, nowMs: station.nowMs) })
            #expect(sf.expiresAtMs == sf.arrivedAtMs + 10 * day)
            #expect(try station.parcels.store.parcel(early.id)?.expiresAtMs == early.expiresAtMs, "the shelf keeps its due dates")

            #expect(try await Self.fetch([Self.document(.carriers, 5, "carrier,hold_days\ndefault,40\n")], into: station)
                    == .checked(accepted: [], refused: ["carriers v5: carriers line 2: expected carrier,days with whole days from 1 to 30"]))
            station.onEngine { station.applyCountyDocuments() }
            #expect(station.parcels.settings.hold == ParcelHoldPolicy(defaultDays: 5, daysByCarrier: [.sf: 10]), "the station stays on v4")
        }
        let restarted = try Self.station(in: data.path)
        let after = try #require(restarted.onEngine {
            restarted.parcels.arrive(waybill: "731234567892", phone: "13812345678", nowMs: restarted.nowMs)
        })
        #expect(after.expiresAtMs == after.arrivedAtMs + 5 * day, "the county's days after a restart")
        // On the board's third day the early parcel goes back; the later ones, held 5 days, stay.
        let expired = restarted.onEngine { restarted.parcels.runHolds(nowMs: early.expiresAtMs) }
        #expect(expired.expired == 1)
        #expect(try restarted.parcels.store.parcel(early.id)?.state == .returning)
        #expect(try restarted.parcels.store.list(states: [.onShelf]).count == 3)
    }
}
