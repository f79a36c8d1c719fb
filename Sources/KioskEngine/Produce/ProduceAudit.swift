import KioskCore
import KioskStore

/// Checks the produce desk's books against its journal: every purchase entry decodes, its row holds
/// the same lot, net weight, amount and payout, no row lacks an entry, and cash paid out (Σ of the
/// rows' cash payouts) is what the journal's cash entries add up to.
public struct ProduceAudit {
    let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// One line per disagreement (empty: the books agree).
    public func mismatches() throws -> [String] {
        var found: [String] = []
        var journaled: [String: ProducePurchase] = [:]
        var journalCashFen: Int64 = 0
        try EventJournal(database: database).forEachEvent(in: .produce) { sequence, payload in
            guard let purchase = ProduceEntryCodec.decode(payload) else {
                found.append("produce journal entry \(sequence) does not decode")
                return
            }
            if journaled.updateValue(purchase, forKey: purchase.lot) != nil {
                found.append("produce lot \(purchase.lot) is journaled twice")
            }
            if purchase.payout == .cash { journalCashFen += purchase.amountFen }
        }
        let rows = try ProduceRecords.purchases(in: database, fromMs: .min, toMs: .max)
        var rowCashFen: Int64 = 0
        for row in rows {
            if row.payout == ProducePayout.cash.name { rowCashFen += row.amountFen }
            guard let entry = journaled.removeValue(forKey: row.lot) else {
                found.append("produce lot \(row.lot) has no journal entry")
                continue
            }
            if entry.netGrams != row.netGrams || entry.amountFen != row.amountFen || entry.payout.name != row.payout {
                found.append("produce lot \(row.lot): stored \(row.netGrams) g, \(row.amountFen) fen, \(row.payout); "
                    + "journaled \(entry.netGrams) g, \(entry.amountFen) fen, \(entry.payout.name)")
            }
        }
        for lot in journaled.keys.sorted() { found.append("produce lot \(lot) is journaled but has no row") }
        if rowCashFen != journalCashFen {
            found.append("produce cash paid out: rows say \(rowCashFen) fen, the journal \(journalCashFen) fen")
        }
        return found
    }
}
