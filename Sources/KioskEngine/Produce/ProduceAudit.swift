import KioskCore
import KioskStore

/// Checks the produce desk's books against its journal: every purchase entry decodes, its row holds
/// the same lot, net weight, amount and payout, no row lacks an entry, and cash paid out (Σ of the
/// rows' cash payouts) is what the journal's cash entries add up to. Every account payout is paid,
/// pending or failed, and its row is what its purchase and the payee's journaled answers left.
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
        var payouts: [String: ProducePayoutState] = [:]
        try EventJournal(database: database).forEachEvent(in: .produce) { sequence, payload in
            if let payout = ProducePayoutEntryCodec.decode(payload) {
                if payouts.updateValue(payout, forKey: payout.lot) == nil {
                    found.append("produce journal entry \(sequence) answers a payout of lot \(payout.lot) never bought to an account")
                }
                return
            }
            guard let purchase = ProduceEntryCodec.decode(payload) else {
                found.append("produce journal entry \(sequence) does not decode")
                return
            }
            if journaled.updateValue(purchase, forKey: purchase.lot) != nil {
                found.append("produce lot \(purchase.lot) is journaled twice")
            }
            if purchase.payout == .cash { journalCashFen += purchase.amountFen }
            if purchase.payout == .account { payouts[purchase.lot] = ProducePayoutState(sentFor: purchase) }
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
        found += try payoutMismatches(journaled: payouts)
        return found
    }

    private func payoutMismatches(journaled: [String: ProducePayoutState]) throws -> [String] {
        var found: [String] = []
        var expected = journaled
        for row in try ProduceRecords.payouts(in: database) {
            let stored = row.payout
            guard let entry = expected.removeValue(forKey: stored.lot) else {
                found.append("produce payout of lot \(stored.lot) has no account purchase in the journal")
                continue
            }
            if entry != stored {
                found.append("produce payout of lot \(stored.lot): stored \(stored.phase.name) \(stored.amountFen) fen "
                    + "sent \(stored.sends)x; journaled \(entry.phase.name) \(entry.amountFen) fen sent \(entry.sends)x")
            }
        }
        for lot in expected.keys.sorted() { found.append("produce lot \(lot) was bought to an account but has no payout row") }
        return found
    }

    /// Account payouts by where they stand, for the audit's summary and the shell.
    public func payoutCounts() throws -> (paid: Int, pending: Int, failed: Int, flagged: Int) {
        let payouts = try ProduceRecords.payouts(in: database).map(\.payout)
        return (payouts.count { $0.phase == .paid }, payouts.count { $0.phase.awaitsPayee },
                payouts.count { $0.phase == .failed }, payouts.count { $0.flag != nil })
    }
}
