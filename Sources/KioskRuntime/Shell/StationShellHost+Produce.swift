import KioskBoard
import KioskCore
import KioskEngine
import KioskShell
import KioskStore

/// The produce desk's shell answers, read from the store and the board's `produce.csv`, and its purchase
/// steps, carried out on the station's loop.
extension StationShellHost: ProduceControls {
    func producePrices() throws -> [String] {
        let (prices, tares) = try produceTables()
        return ["price list 价目表 v\(prices.version)"]
            + prices.entries.map { "\($0.produce) \($0.grade)  \(Money.formatWithSign(fen: $0.fenPerKg))/kg  GTIN \($0.gtin)" }
            + tares.gramsByContainer.sorted { $0.key < $1.key }.map { "container 容器 \($0.key)  tare 皮重 \($0.value) g" }
    }

    /// The station's business day while one is open (the purchases journaled since the last Z), else the
    /// Beijing calendar day.
    func producePurchases() throws -> [String] {
        let database = station.database
        let day = try DayCloseRecords(database: database).daySoFar()
        let heading: String
        let purchases: [ProduceRecords.PurchaseRow]
        if let opening = day.opening {
            var lots: [String] = []
            try EventJournal(database: database).forEachEvent(after: day.lastZSequence, in: .produce) { _, payload in
                if let purchase = ProduceEntryCodec.decode(payload) { lots.append(purchase.lot) }
            }
            purchases = try ProduceRecords.purchases(lots: lots, in: database)
            heading = "business day 营业日 \(opening.businessDate) (open since Z \(day.lastZ))"
        } else {
            let dayStart = ProduceDeskService.dayStartMs(station.nowMs)
            purchases = try ProduceRecords.purchases(in: database, fromMs: dayStart, toMs: dayStart + 86_400_000)
            heading = "calendar day 自然日 \(BeijingDate(epochMs: station.nowMs).compact) (no business day open)"
        }
        guard !purchases.isEmpty else { return [] }
        var lines = [heading]
        var totals: [String: (produce: String, grade: String, lots: Int, grams: Int64, fen: Int64)] = [:]
        var cashFen: Int64 = 0
        for purchase in purchases {
            let weight = WeighedGoods.kilograms(grams: purchase.netGrams)
            let amount = Money.formatWithSign(fen: purchase.amountFen)
            lines.append("lot \(purchase.lot)  \(purchase.farmer)  \(purchase.produce) \(purchase.grade)  \(weight)  \(amount)  \(purchase.payout)")
            let key = purchase.produce + "\u{0}" + purchase.grade
            var total = totals[key] ?? (purchase.produce, purchase.grade, 0, 0, 0)
            total.lots += 1
            total.grams += purchase.netGrams
            total.fen += purchase.amountFen
            totals[key] = total
            if purchase.payout == ProducePayout.cash.name { cashFen += purchase.amountFen }
        }
        for total in totals.values.sorted(by: { ($0.produce, $0.grade) < ($1.produce, $1.grade) }) {
            lines.append("total 合计 \(total.produce) \(total.grade): \(total.lots) lots, "
                + "\(WeighedGoods.kilograms(grams: total.grams)), \(Money.formatWithSign(fen: total.fen))")
        }
        lines.append("cash paid out 现金付出 \(Money.formatWithSign(fen: cashFen))")
        return lines
    }

    func produceFarmers() throws -> [String] {
        try ProduceRecords.farmers(in: station.database).map { "\($0.name)  \($0.maskedPhone)  \($0.village)" }
    }

    func producePayouts() throws -> [String] {
        let rows = try ProduceRecords.payouts(in: station.database)
        return rows.map { row in
            let payout = row.payout
            var line = "lot \(payout.lot)  \(row.farmer.name) \(row.farmer.maskedPhone)  \(Money.formatWithSign(fen: payout.amountFen))  "
                + "\(payout.phase.name)  sent \(payout.sends)x"
            if let reference = payout.reference { line += "  ref \(reference)" }
            if let reason = payout.failureReason { line += "  failed: \(reason)" }
            if let flag = payout.flag { line += "  FLAG: \(flag)" }
            if payout.phase.awaitsPayee, let next = station.onEngine({ station.engine.payouts.nextQueryAtMs(lot: payout.lot) }) {
                line += "  next query \(BeijingDate.timestamp(epochMs: next))"
            }
            return line
        }
    }

    func queryPayout(lot: String) throws -> String {
        let asked = station.onEngine { station.engine.payouts.query(lot: lot, nowMs: station.nowMs) }
        guard asked else { throw ShellHostError.failed("lot \(lot) has no payout waiting on the payee") }
        let phase = try ProduceRecords.payout(lot: lot, in: station.database)?.payout.phase.name ?? "?"
        return "lot \(lot) asked: now \(phase)"
    }

    func produceStep(_ step: ProduceStep) throws -> [String] {
        let (prices, tares) = try produceTables()
        return try station.onEngine {
            let counter = station.produceCounter(prices: prices, tares: tares)
            do {
                switch step {
                case .farmer(let name, let phone, let village):
                    return [try counter.farmer(name: name, phone: phone, village: village)]
                case .account(let login):
                    return [try counter.account(login)]
                case .grade(let produce, let grade):
                    return [try counter.grade(produce: produce, grade: grade)]
                case .tare(let container, let count):
                    return [try counter.tare(container: container, count: count)]
                case .weigh(let grams):
                    switch station.weighProduce(placingGrams: grams) {
                    case .success(let taken): return [counter.weighed(grams: taken)]
                    case .failure(let problem): throw ShellHostError.failed(problem.description)
                    }
                case .confirm:
                    return try counter.confirm(nowMs: station.nowMs)
                case .pay(let payout):
                    return [try counter.pay(payout, nowMs: station.nowMs)]
                case .show:
                    return counter.describe()
                case .clear:
                    counter.clear()
                    return ["purchase cleared 已清除"]
                }
            } catch let refused as ProduceDeskCounter.StepRefused {
                throw ShellHostError.failed(refused.description)
            }
        }
    }

    func produceTables() throws -> (ProducePriceTable, ContainerTares) {
        guard let tables = station.onEngine({ station.produceTables() }) else {
            throw ShellHostError.failed("board \(station.board.name) has no produce.csv (no produce desk)")
        }
        return try tables.get()
    }
}
