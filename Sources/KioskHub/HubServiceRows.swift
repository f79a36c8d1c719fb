import KioskCore
import KioskUplinkWire

/// What the hub keeps of the services' entries beside the orders and payments: each parcel's state, each
/// Z report, each produce lot bought and each bill with its last event, read from the journal entries themselves (the station's own encodings, in KioskCore),
/// so the county's dashboard sees parcels on shelves and the days closed. An entry that does not decode
/// is kept as bytes all the same and derives nothing.
enum HubServiceRows {
    /// A parcel put on the shelf.
    struct ParcelArrival: Equatable {
        var parcelID: Int64
        var waybill: String
        var carrier: String
        var atMs: Int64
        var sequence: Int64
    }

    /// A parcel that left the shelf or is going back: `picked_up`, `returning`, `returned`.
    struct ParcelChange: Equatable {
        var parcelID: Int64
        var state: String
        var atMs: Int64
        var sequence: Int64
    }

    struct ZReport: Equatable {
        var z: Int64
        var businessDate: Int64
        var expectedCashFen: Int64
        var countedCashFen: Int64
        var varianceFen: Int64
        var closedAtMs: Int64
        var sequence: Int64
    }

    /// A lot bought from a farmer.
    struct Purchase: Equatable {
        var lot: String
        var produce: String
        var grade: String
        var netGrams: Int64
        var amountFen: Int64
        var payout: String
        var recordedAtMs: Int64
        var sequence: Int64
    }

    /// A bill opened at the counter: the account masked as the station masks it, and the bill as the
    /// station's rules open it (nil should they refuse an entry the station journaled).
    struct BillOpened: Equatable {
        var billID: Int64
        var billerCode: String
        var maskedAccount: String
        var amountFen: Int64
        var atMs: Int64
        var sequence: Int64
        var bill: Bill?
    }

    /// What happened to a bill since (the entry's kind: `billPaidAtCounter`, `billAnswered`…), the entry
    /// itself, and the bill's phase after it once ``phased(_:from:)`` has followed the rules (nil while
    /// the bill before it is not known).
    struct BillChange: Equatable {
        var billID: Int64
        var event: String
        var atMs: Int64
        var paid: Bool
        var sequence: Int64
        var entry: BillEvent
        var phase: BillPhase? = nil
    }

    struct Rows: Equatable {
        var arrivals: [ParcelArrival] = []
        var changes: [ParcelChange] = []
        var zReports: [ZReport] = []
        var purchases: [Purchase] = []
        var billsOpened: [BillOpened] = []
        var billChanges: [BillChange] = []
    }

    /// The rows `entries` derive, in journal order.
    static func derive(_ entries: [UplinkEntry]) -> Rows {
        var rows = Rows()
        for entry in entries {
            switch entry.domain {
            case "parcels":
                guard let parcel = ParcelEntry(decoding: [UInt8](entry.payload)) else { continue }
                switch parcel {
                case .arrived(let id, let waybill, let carrier, _, _, let atMs, _, _):
                    rows.arrivals.append(ParcelArrival(parcelID: id, waybill: waybill, carrier: carrier.name, atMs: atMs,
                                                       sequence: entry.sequence))
                case .handedOver(let ids, _, let atMs):
                    rows.changes += ids.map { ParcelChange(parcelID: $0, state: "picked_up", atMs: atMs, sequence: entry.sequence) }
                case .expired(let id, let atMs):
                    rows.changes.append(ParcelChange(parcelID: id, state: "returning", atMs: atMs, sequence: entry.sequence))
                case .returned(let id, let atMs):
                    rows.changes.append(ParcelChange(parcelID: id, state: "returned", atMs: atMs, sequence: entry.sequence))
                case .reminded:
                    continue
                }
            case "day":
                guard case .closed(let closing) = try? DayEntry(decoding: [UInt8](entry.payload)) else { continue }
                rows.zReports.append(ZReport(z: Int64(closing.z), businessDate: Int64(closing.businessDate),
                                             expectedCashFen: closing.expectedCashFen, countedCashFen: closing.countedCashFen,
                                             varianceFen: closing.varianceFen, closedAtMs: entry.recordedAtMs,
                                             sequence: entry.sequence))
            case "bills":
                guard let event = try? BillEvent(decoding: [UInt8](entry.payload)) else { continue }
                if case .opened(let opening) = event.action {
                    let opened = if case .record(let bill, _) = billRules.apply(event, to: nil) { bill } else { Bill?.none }
                    rows.billsOpened.append(BillOpened(
                        billID: event.billID, billerCode: opening.biller.code,
                        maskedAccount: BillMasking.account(opening.account, kind: opening.biller.kind),
                        amountFen: opening.amountFen, atMs: event.timeMs, sequence: entry.sequence, bill: opened))
                } else {
                    let paid = if case .paidAtCounter = event.action { true } else { false }
                    rows.billChanges.append(BillChange(billID: event.billID, event: event.kindName, atMs: event.timeMs,
                                                       paid: paid, sequence: entry.sequence, entry: event))
                }
            case "produce":
                // The domain's other entries (a payout's state) start with another byte and decode to nil here.
                guard let purchase = ProduceEntryCodec.decode([UInt8](entry.payload)) else { continue }
                rows.purchases.append(Purchase(lot: purchase.lot, produce: purchase.produce, grade: purchase.grade,
                                               netGrams: purchase.netGrams, amountFen: purchase.amountFen,
                                               payout: purchase.payout.name, recordedAtMs: purchase.recordedAtMs,
                                               sequence: entry.sequence))
            default:
                continue
            }
        }
        return rows
    }

    // MARK: Bill phases

    /// The station's bill rules as the hub follows them: KioskCore's ``BillRules``, with no limits of the
    /// hub's own, since an entry the station journaled was within its board's limits and a give-up it
    /// journaled was due by its board's deadline.
    static let billRules = BillRules(policy: BillPolicy(maxAmountFen: .max, giveUpAfterMs: 1))

    /// `changes` with the phase each leaves its bill in, following the rules in journal order from
    /// `bills` (each bill as it stood before them: opened in the same batch, or as stored). A bill not in
    /// `bills` gets no phase; an entry the rules leave unchanged keeps the phase before it.
    static func phased(_ changes: [BillChange], from bills: [Int64: Bill]) -> [BillChange] {
        var bills = bills
        return changes.map { change in
            var phased = change
            guard let bill = bills[change.billID] else { return phased }
            if case .record(let next, _) = billRules.apply(change.entry, to: bill) { bills[change.billID] = next }
            phased.phase = bills[change.billID]?.phase
            return phased
        }
    }

    /// A bill as the hub stores it, for the rules to take its next entries from: its phase, and when it
    /// was paid at the counter (the give-up's deadline), are what the rules read of a bill after its
    /// opening to decide its phase. What the hub does not keep (the biller's kind, the account, the amount
    /// due) is left at a blank the rules do not read there.
    static func storedBill(id: Int64, billerCode: String, amountFen: Int64, openedAtMs: Int64, paidAtMs: Int64?,
                           phase: BillPhase) -> Bill {
        var bill = Bill(id: id, billerCode: billerCode, billerKind: .electricity, account: "", holderMasked: "", dueFen: 0,
                        rule: .any, amountFen: amountFen, orderID: 0, phase: phase, createdAtMs: openedAtMs)
        bill.paidAtMs = paidAtMs ?? 0
        return bill
    }

    /// Bill `id` as the rules leave it after every one of `entries` (a store's `bills` entries, in journal
    /// order): for a bill stored before the hub kept phases. Nil when its opening is not among them.
    static func replayed(_ id: Int64, _ entries: [BillEvent]) -> Bill? {
        var bill: Bill?
        for entry in entries where entry.billID == id {
            if case .record(let next, _) = billRules.apply(entry, to: bill) { bill = next }
        }
        return bill
    }
}
