import Foundation
import KioskBoard
import KioskShell
import KioskStore
import Logging
import Testing
@testable import KioskRuntime
@testable import KioskEngine
@testable import KioskSimulator

/// `produce prices` and `produce farmers` in the live shell, after a generated day with farmers.
@Test("the shell lists the board's produce prices and the farmers the station remembers")
func produceShellCommands() throws {
    let data = try ScratchDirectory("shell-produce")
    defer { data.remove() }
    let barcodes = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
        .split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
    let day = try SimulationSession.make(in: data.path)
    try GeneratedDay(seed: 2, customers: 11, faultRatePerMillion: 0, barcodes: barcodes).run(on: day)
    try day.close()

    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let station = try Station(board: try Repository.board(), dataDirectory: data.path, logger: logger,
                              recentLog: RecentLogLines())
    let host = StationShellHost(station: station)
    let prices = try host.producePrices()
    #expect(prices.first == "price list 价目表 v1")
    #expect(prices.contains("核桃 特级  ￥26.00/kg  GTIN 06900000000021"))
    #expect(prices.contains("container 容器 竹筐  tare 皮重 800 g"))
    let farmers = try host.produceFarmers()
    #expect(farmers.count == 2, "customers 3 and 10 sold produce: \(farmers)")
    #expect(farmers.allSatisfy { $0.contains("138****") })
}

/// A purchase put together at the live shell on the sim board, step by step, paid in cash and to an account.
@Suite("A produce purchase at the shell: farmer, grade, weigh, confirm, pay")
struct ProduceShellPurchaseTests {
    static func station(in directory: String, board: Board? = nil) throws -> (Station, StationShellHost) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let station = try Station(board: try board ?? Repository.board(), dataDirectory: directory, logger: logger,
                                  recentLog: RecentLogLines())
        return (station, StationShellHost(station: station))
    }

    @Test("a lot is bought only once its quote is confirmed, paid in cash from the day's float or to the farmer's account")
    func purchaseAtTheShell() throws {
        let data = try ScratchDirectory("shell-produce-buy")
        defer { data.remove() }
        let (station, host) = try Self.station(in: data.path)
        _ = try StationDayControls(station: station).openDay(floatFen: 50_000, who: "tech")

        #expect(try host.produceStep(.farmer(name: "王秀英", phone: "13812345678", village: "石门村"))
            == ["farmer 农户 王秀英 138****5678 石门村"])
        #expect(try host.produceStep(.grade(produce: "核桃", grade: "特级")) == ["核桃 特级  ￥26.00/kg (price list v1)"])
        #expect(throws: ShellHostError.self) { try host.produceStep(.grade(produce: "核桃", grade: "三级")) }
        _ = try host.produceStep(.tare(container: "竹筐", count: 1))
        #expect(try host.produceStep(.weigh(grams: 2_800)) == ["gross 毛重 2.800kg"])
        #expect(throws: ShellHostError.self, "not confirmed yet") { try host.produceStep(.pay(.cash)) }
        let quote = try host.produceStep(.confirm)
        #expect(quote.contains { $0.contains("net 净重 2.000kg") })
        #expect(quote.contains { $0.hasPrefix("￥26.00/kg × net = ￥52.00") })
        // A weight taken after the confirmation asks for a new one.
        _ = try host.produceStep(.weigh(grams: 3_800))
        #expect(throws: ShellHostError.self) { try host.produceStep(.pay(.cash)) }
        #expect(try host.produceStep(.confirm).contains { $0.hasPrefix("￥26.00/kg × net = ￥78.00") })
        let bought = try #require(try host.produceStep(.pay(.cash)).first)
        #expect(bought.contains("￥78.00") && bought.contains("paid in cash"))
        #expect(try host.produceStep(.show).last == "no farmer yet: produce farmer NAME [PHONE VILLAGE] (先登记农户)",
                "the next purchase starts afresh")
        // The scale's weight went to that lot: the next needs the pan weighed again.
        #expect(throws: ShellHostError.self) { try host.produceStep(.weigh(grams: nil)) }

        // A returning farmer by name alone, paid to their account through the simulated payee.
        #expect(try host.produceStep(.farmer(name: "王秀英", phone: nil, village: nil)) == ["farmer 农户 王秀英 138****5678 石门村"])
        _ = try host.produceStep(.grade(produce: "花椒", grade: "一级"))
        _ = try host.produceStep(.tare(container: "编织袋", count: 2))
        _ = try host.produceStep(.weigh(grams: 10_240))
        _ = try host.produceStep(.confirm)
        // The Alipay login the farmer is paid to: checked, shown masked, remembered once the lot is bought.
        #expect(throws: ShellHostError.self) { try host.produceStep(.account(login: "wang@")) }
        #expect(try host.produceStep(.account(login: "13812345678")) == ["account 收款账号 138****5678"])
        let sent = try #require(try host.produceStep(.pay(.account)).first)
        #expect(sent.contains("￥900.00"))
        let payouts = try host.producePayouts()
        #expect(payouts.count == 1 && payouts[0].contains("paid") && payouts[0].contains("￥900.00"))
        #expect(try host.produceStep(.farmer(name: "王秀英", phone: nil, village: nil))
            == ["farmer 农户 王秀英 138****5678 石门村  account 收款账号 138****5678"])
        _ = try host.produceStep(.clear)

        let purchases = try host.producePurchases()
        #expect(purchases.first?.hasPrefix("business day 营业日") == true, "\(purchases)")
        #expect(purchases.filter { $0.hasPrefix("lot ") }.count == 2)
        #expect(purchases.last == "cash paid out 现金付出 ￥78.00")
        #expect(try ProduceAudit(database: station.database).mismatches() == [])
    }

    @Test("produce.csv is read from the boards folder the board was loaded from")
    func pricesFromTheBoardsFolderGiven() throws {
        let data = try ScratchDirectory("shell-produce-boards-dir")
        defer { data.remove() }
        let boards = try ScratchDirectory("shell-produce-boards")
        defer { boards.remove() }
        let folder = URL(fileURLWithPath: boards.path).appendingPathComponent("sim")
        try FileManager.default.copyItem(at: Repository.boards.appendingPathComponent("sim"), to: folder)
        let file = folder.appendingPathComponent("produce.csv")
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "version,1", with: "version,7")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let board = try BoardLoader(boardsDirectory: URL(fileURLWithPath: boards.path)).load("sim")
        let (_, host) = try Self.station(in: data.path, board: board)
        #expect(try host.producePrices().first == "price list 价目表 v7")
    }
}
