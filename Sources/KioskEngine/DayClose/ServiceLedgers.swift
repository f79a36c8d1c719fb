import KioskCore
import KioskStore

/// The parcel desk's line in the day's reports: parcels handed over to villagers. The desk takes no
/// money (cash on delivery is not built), so it moves nothing in the drawer.
struct ParcelLedger: DayServiceLedger {
    let journal: EventJournal

    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine] {
        var handedOver: Int64 = 0
        try journal.forEachEvent(after: after, through: through, in: .parcels) { _, payload in
            if case .handedOver(let parcels, _, _) = ParcelEntry(decoding: payload) {
                handedOver += Int64(parcels.count)
            }
        }
        return handedOver == 0 ? [] : [ServiceLine(service: "parcels", sales: TallyLine(count: handedOver))]
    }
}

/// Produce bought from farmers (收购): the lots and what they came to, and the cash the drawer paid out
/// for them (an account payout leaves the drawer alone).
struct ProduceLedger: DayServiceLedger {
    let journal: EventJournal

    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine] {
        var bought = TallyLine()
        var cashOutFen: Int64 = 0
        try journal.forEachEvent(after: after, through: through, in: .produce) { _, payload in
            guard let purchase = ProduceEntryCodec.decode(payload) else { return }
            bought.count += 1
            bought.fen += purchase.amountFen
            if purchase.payout == .cash { cashOutFen += purchase.amountFen }
        }
        return bought.count == 0 ? [] : [ServiceLine(service: "produce", sales: bought, cashOutFen: cashOutFen)]
    }
}
