import Foundation
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
