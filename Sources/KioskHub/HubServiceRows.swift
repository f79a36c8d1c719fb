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

    /// A bill opened at the counter: the account masked as the station masks it.
    struct BillOpened: Equatable {
        var billID: Int64
        var billerCode: String
        var maskedAccount: String
        var amountFen: Int64
        var atMs: Int64
        var sequence: Int64
    }

    /// What happened to a bill since (the entry's kind: `billPaidAtCounter`, `billAnswered`…).
    struct BillChange: Equatable {
        var billID: Int64
        var event: String
        var atMs: Int64
        var paid: Bool
        var sequence: Int64
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
                    rows.billsOpened.append(BillOpened(
                        billID: event.billID, billerCode: opening.biller.code,
                        maskedAccount: BillMasking.account(opening.account, kind: opening.biller.kind),
                        amountFen: opening.amountFen, atMs: event.timeMs, sequence: entry.sequence))
                } else {
                    let paid = if case .paidAtCounter = event.action { true } else { false }
                    rows.billChanges.append(BillChange(billID: event.billID, event: event.kindName, atMs: event.timeMs,
                                                       paid: paid, sequence: entry.sequence))
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
}
