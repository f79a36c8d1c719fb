import Foundation
import KioskBoard
import KioskCore
import KioskEngine
import KioskShell
import KioskStore

/// The produce desk's shell answers, read from the store and the board's `produce.csv`.
extension StationShellHost: ProduceControls {
    func producePrices() throws -> [String] {
        let file = try BoardLoader.locate().boardsDirectory
            .appendingPathComponent(station.board.name).appendingPathComponent("produce.csv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw ShellHostError.failed("board \(station.board.name) has no produce.csv (no produce desk)")
        }
        let (prices, tares) = try ProduceTableFile.parse(text).get()
        return ["price list 价目表 v\(prices.version)"]
            + prices.entries.map { "\($0.produce) \($0.grade)  \(Money.formatWithSign(fen: $0.fenPerKg))/kg  GTIN \($0.gtin)" }
            + tares.gramsByContainer.sorted { $0.key < $1.key }.map { "container 容器 \($0.key)  tare 皮重 \($0.value) g" }
    }

    func producePurchases() throws -> [String] {
        let dayStart = ProduceDeskService.dayStartMs(station.nowMs)
        let dayEnd = dayStart + 86_400_000
        let purchases = try ProduceRecords.purchases(in: station.database, fromMs: dayStart, toMs: dayEnd)
        guard !purchases.isEmpty else { return [] }
        let totals = try ProduceRecords.totalsByGrade(in: station.database, fromMs: dayStart, toMs: dayEnd)
        let cash = try ProduceRecords.cashPaidOutFen(in: station.database, fromMs: dayStart, toMs: dayEnd)
        var lines: [String] = []
        for purchase in purchases {
            let weight = WeighedGoods.kilograms(grams: purchase.netGrams)
            let amount = Money.formatWithSign(fen: purchase.amountFen)
            lines.append("lot \(purchase.lot)  \(purchase.farmer)  \(purchase.produce) \(purchase.grade)  \(weight)  \(amount)  \(purchase.payout)")
        }
        for total in totals {
            let weight = WeighedGoods.kilograms(grams: total.grams)
            let amount = Money.formatWithSign(fen: total.amountFen)
            lines.append("total 合计 \(total.produce) \(total.grade): \(total.purchases) lots, \(weight), \(amount)")
        }
        lines.append("cash paid out 现金付出 \(Money.formatWithSign(fen: cash))")
        return lines
    }

    func produceFarmers() throws -> [String] {
        try ProduceRecords.farmers(in: station.database).map { "\($0.name)  \($0.maskedPhone)  \($0.village)" }
    }
}
