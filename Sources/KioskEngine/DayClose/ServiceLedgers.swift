import KioskCore
import KioskStore

/// The parcel desk's lines in the day's reports: parcels handed over to villagers, and each carrier's
/// shelf over the span — on the shelf at its start + arrived = picked up + returned + on the shelf at its
/// end (the daily identity per carrier), as `parcels_<carrier>_opening|arrived|picked_up|returned|on_shelf`.
/// The desk's money (cash on delivery, storage fees) is taken on counter orders of its own, so it is in the
/// tenders and the `parcel_charges` line, not here.
struct ParcelLedger: DayServiceLedger {
    let journal: EventJournal

    /// One carrier's shelf over the span.
    struct Shelf {
        var opening: Int64 = 0
        var arrived: Int64 = 0
        var pickedUp: Int64 = 0
        var returned: Int64 = 0
        var onShelf: Int64 = 0
    }

    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine] {
        var handedOver: Int64 = 0
        var carrierOf: [Int64: Carrier] = [:]
        var shelves: [Carrier: Shelf] = [:]
        var openingTaken = false
        func takeOpening() {
            guard !openingTaken else { return }
            openingTaken = true
            shelves = shelves.mapValues { shelf in
                var opened = shelf
                opened.opening = shelf.onShelf
                return opened
            }
        }
        // From the first entry: the shelf at the span's start is what earlier days left on it.
        try journal.forEachEvent(through: through, in: .parcels) { sequence, payload in
            let inSpan = sequence > after
            if inSpan { takeOpening() }
            switch ParcelEntry(decoding: payload) {
            case .arrived(let id, _, let carrier, _, _, _, _, _):
                carrierOf[id] = carrier
                shelves[carrier, default: Shelf()].onShelf += 1
                if inSpan { shelves[carrier]?.arrived += 1 }
            case .handedOver(let ids, _, _):
                for id in ids {
                    guard let carrier = carrierOf.removeValue(forKey: id) else { continue }
                    shelves[carrier]?.onShelf -= 1
                    if inSpan {
                        shelves[carrier]?.pickedUp += 1
                        handedOver += 1
                    }
                }
            case .returned(let id, _):
                guard let carrier = carrierOf.removeValue(forKey: id) else { break }
                shelves[carrier]?.onShelf -= 1
                if inSpan { shelves[carrier]?.returned += 1 }
            case .reminded, .expired, nil:
                break
            }
        }
        takeOpening()
        var lines = handedOver == 0 ? [] : [ServiceLine(service: "parcels", sales: TallyLine(count: handedOver))]
        for carrier in Carrier.allCases {
            guard let shelf = shelves[carrier], shelf.opening + shelf.arrived > 0 else { continue }
            assert(shelf.opening + shelf.arrived == shelf.pickedUp + shelf.returned + shelf.onShelf,
                   "every parcel on \(carrier.name)'s shelf is still there, picked up or returned")
            for (figure, count) in [("opening", shelf.opening), ("arrived", shelf.arrived), ("picked_up", shelf.pickedUp),
                                    ("returned", shelf.returned), ("on_shelf", shelf.onShelf)] {
                lines.append(ServiceLine(service: "parcels_\(carrier.name)_\(figure)", sales: TallyLine(count: count)))
            }
        }
        return lines
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

/// Bills (缴费) as a line of their own, beside counter sales (which leave bills' orders out, so no fen is
/// counted twice; the money taken for a bill is in the tenders like any other): `bills`, paid to the
/// billers over the span (the biller's success); `bills_pending`, paid here and not settled by the biller
/// at the span's end (given-up ones included); `bills_refunded`, the money given back over the span, its
/// cash paid out of the drawer.
///
/// The phases are replayed from the bills' own journal entries from the first, so a bill paid one day and
/// settled the next counts on the day it settled, and the same span always gives the same lines.
struct BillLedger: DayServiceLedger {
    let journal: EventJournal
    let store: BillStore

    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine] {
        let refundedCash = Dictionary(try store.allBills().map { ($0.id, $0.refundedCashFen) }, uniquingKeysWith: { first, _ in first })
        var bills: [Int64: (amountFen: Int64, phase: BillPhase)] = [:]
        var paid = TallyLine()
        var refunded = TallyLine()
        var refundedCashFen: Int64 = 0
        try journal.forEachEvent(through: through, in: .bills) { sequence, payload in
            guard let event = try? BillEvent(decoding: payload) else { return }
            if case .opened(let opening) = event.action {
                bills[event.billID] = (opening.amountFen, .awaitingCounter)
                return
            }
            guard let bill = bills[event.billID], let next = Self.phase(after: event.action, from: bill.phase) else { return }
            bills[event.billID]?.phase = next
            guard sequence > after else { return }
            if next == .succeeded {
                paid.add(bill.amountFen)
            } else if next == .refunded {
                refunded.add(bill.amountFen)
                refundedCashFen += refundedCash[event.billID] ?? 0
            }
        }
        var pending = TallyLine()
        for bill in bills.values where bill.phase.isUnconfirmed { pending.add(bill.amountFen) }
        var lines: [ServiceLine] = []
        if paid.count > 0 { lines.append(ServiceLine(service: "bills", sales: paid)) }
        if pending.count > 0 { lines.append(ServiceLine(service: "bills_pending", sales: pending)) }
        if refunded.count > 0 {
            lines.append(ServiceLine(service: "bills_refunded", sales: refunded, cashOutFen: refundedCashFen))
        }
        return lines
    }

    /// The phase a journaled entry moved a bill to (entries are journaled only when they changed the bill);
    /// nil when it left the phase as it was.
    static func phase(after action: BillAction, from phase: BillPhase) -> BillPhase? {
        switch (action, phase) {
        case (.paidAtCounter, .awaitingCounter): .sent
        case (.cancelledAtCounter, .awaitingCounter): .cancelled
        case (.answered(.pending), .sent): .pending
        case (.answered(.succeeded), let current) where current.isUnconfirmed: .succeeded
        case (.answered(.failed), let current) where current.isUnconfirmed: .refunding
        case (.gaveUp, let current) where current.awaitsBiller: .givenUp
        case (.refundOrdered, .givenUp): .refunding
        case (.refundDone, .refunding): .refunded
        default: nil
        }
    }
}
