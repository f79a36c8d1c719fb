import KioskCore
import KioskStore

/// The bills' books (`kiosk db audit`): every bill whose counter order was paid was sent to the biller
/// and is settled, pending, or refunded; a paid bill has the biller's reference; a refunded one has no
/// refund left to do; a bill given up on the biller is listed until the technician settles it; every
/// counter order holding a bill's line has that bill, for the same amount.
public struct BillAudit {
    let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// One line per violation (empty: the books agree).
    public func violations() throws -> [String] {
        let store = BillStore(database: database)
        let journal = EventJournal(database: database)
        let refundsLeft = Set(try journal.pendingOutbox().filter { $0.kind == "bill-refund" }
            .compactMap { $0.idempotencyKey.split(separator: ":").dropFirst().first.flatMap { Int64($0) } })
        var found: [String] = []
        var billOfOrder: [Int64: Bill] = [:]
        for bill in try store.allBills() {
            billOfOrder[bill.orderID] = bill
            let order = try journal.order(bill.orderID)
            let paidHere = order.map { $0.state.isPaid || $0.state == .closed } ?? false
            switch bill.phase {
            case .awaitingCounter, .cancelled:
                if paidHere { found.append("bill \(bill.id): its order \(bill.orderID) was paid but the biller was never paid (\(bill.phase.name))") }
            case .sent, .pending, .refunding:
                if !paidHere { found.append("bill \(bill.id) is \(bill.phase.name) but its order \(bill.orderID) was not paid") }
            case .succeeded:
                if bill.reference?.isEmpty ?? true { found.append("bill \(bill.id) succeeded without the biller's reference") }
                if !paidHere { found.append("bill \(bill.id) was paid to the biller but its order \(bill.orderID) was not paid") }
            case .givenUp:
                found.append("bill \(bill.id) given up on the biller \(bill.billerCode), \(bill.amountFen) fen held for the villager: "
                             + "confirm with the biller, then `bills query \(bill.id)` or `bills refund \(bill.id)`")
                if !paidHere { found.append("bill \(bill.id) is given up but its order \(bill.orderID) was not paid") }
            case .refunded:
                if refundsLeft.contains(bill.id) { found.append("bill \(bill.id) is refunded with a refund still pending") }
            }
            if let order, paidHere, order.totalFen != bill.amountFen {
                found.append("bill \(bill.id): \(bill.amountFen) fen, its order \(bill.orderID) took \(order.totalFen) fen")
            }
        }
        for (orderID, billID) in try store.ordersWithBillLines() {
            if billOfOrder[orderID]?.id != billID {
                found.append("order \(orderID) holds bill \(billID.map(String.init) ?? "?")'s line but no such bill was opened for it")
            }
        }
        return found
    }
}
