import Foundation
import KioskBoard
import KioskDevices
import KioskScreen
import Logging
import Testing
@testable import KioskRuntime

/// The screen's produce page on a hardware board: the purchase is the shell's draft, its weight the
/// board scale's (the same holder the scale's driver fills), and a touch buys it.
@Suite("the produce page at a hardware board's scale")
struct BoardScaleProducePageTests {
    /// The generic-58mm board with the sim board's price list beside it.
    static func boardWithPrices(in folder: String) throws -> Board {
        let boards = URL(fileURLWithPath: folder)
        let board = boards.appendingPathComponent("generic-58mm")
        try FileManager.default.copyItem(at: Repository.boards.appendingPathComponent("generic-58mm"), to: board)
        try FileManager.default.copyItem(at: Repository.boards.appendingPathComponent("sim/produce.csv"),
                                         to: board.appendingPathComponent("produce.csv"))
        return try BoardLoader(boardsDirectory: boards).load("generic-58mm")
    }

    @Test("the page shows the scale's problem, then its weight priced; a touch buys the lot once")
    func buyingAtTheBoardScale() throws {
        let folder = try ScratchDirectory("screen-produce-hardware")
        defer { folder.remove() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let station = try Station(board: try Self.boardWithPrices(in: folder.path), dataDirectory: folder.path + "/data",
                                  logger: logger, recentLog: RecentLogLines())
        let weights = try #require(station.boardScaleWeights, "a hardware board with a scale reads it")
        _ = try StationDayControls(station: station).openDay(floatFen: 50_000, who: "tech")
        // A farmer remembered from the shell, then chosen on the page.
        _ = try StationShellHost(station: station).produceStep(.farmer(name: "王秀英", phone: "13812345678", village: "石门村"))

        func touch(_ action: ScreenAction) -> ScreenState {
            station.queue.sync {
                station.handle(screen: action)
                return station.screenState()
            }
        }
        var state = touch(.view(.produce))
        var page = try #require(state.produce, "the page has a desk on a board with a scale and a price list")
        #expect(page.weightText == nil && page.grades.count > 1)

        weights.record(.problem(.moving))
        _ = touch(.produce(.farmer(index: 0)))
        _ = touch(.produce(.grade(produce: "核桃", grade: "特级")))
        state = touch(.produce(.containers(container: "竹筐", count: 1)))
        page = try #require(state.produce)
        #expect(page.farmer == "王秀英 138****5678")
        #expect(page.problem == "\(ScaleProblem.moving)", "the scale's own words, never a zero weight")
        // The farmer's Alipay login for transfers, typed on the page's pad: checked, then shown masked.
        #expect(touch(.produce(.payeeLogin("1381234"))).messageCode == "PRODUCE_LOGIN_REFUSED")
        state = touch(.produce(.payeeLogin("13812345678")))
        #expect(state.messageCode == "PRODUCE_LOGIN")
        #expect(state.produce?.farmer == "王秀英 138****5678 · 收款 138****5678")
        state = touch(.produce(.buy(payout: "cash")))
        #expect(state.messageCode == "PRODUCE_REFUSED")
        #expect(state.produce?.purchasesToday == 0)

        weights.record(.weighed(grams: 2_800))
        state = station.queue.sync { station.screenState() }
        page = try #require(state.produce)
        #expect(page.weightText == "2.800kg")
        #expect(page.netText == "2.000kg")
        #expect(page.amountText == "￥52.00")
        #expect(page.problem == nil)

        state = touch(.produce(.buy(payout: "cash")))
        #expect(state.messageCode == "PRODUCE_BOUGHT", "\(state.message ?? "")")
        #expect(state.produce?.purchasesToday == 1)
        #expect(state.produce?.paidOutTodayText == "￥52.00")
        #expect(state.produce?.weightText == nil, "the weight went to that lot")

        // The same goods still on the pan are not bought again.
        _ = touch(.produce(.farmer(index: 0)))
        _ = touch(.produce(.grade(produce: "核桃", grade: "特级")))
        state = touch(.produce(.buy(payout: "cash")))
        #expect(state.messageCode == "PRODUCE_REFUSED")
        #expect(state.produce?.purchasesToday == 1)
    }
}
