/// Folds the counter's accepted events between two closes into the day's figures.
///
/// The caller replays the journal through a ``KioskMachine`` and hands each accepted event here with the
/// order it touched, as it is after the event, and the event's effects. The tally keeps what it last saw
/// of each unfinished order, so each event counts only what it changed: a split tender counts its cash
/// and its code once each, and a sale is counted the day it is paid, never again when its receipt prints
/// or an assisted order is collected. Orders leave that memory when they are final, so it holds at most
/// the machine's table of open orders.
public struct DayTally: Sendable {
    /// What the tally last saw of an order still open.
    private struct Seen: Sendable {
        var cashTenderedFen: Int64 = 0
        var changeFen: Int64 = 0
        var cashAppliedFen: Int64 = 0
        var codePaidFen: Int64 = 0
        var creditPaidFen: Int64 = 0
        var isPaid = false

        init() {}

        init(_ order: Order) {
            cashTenderedFen = order.cashTenderedFen
            changeFen = order.changeFen
            cashAppliedFen = order.cashAppliedFen
            codePaidFen = order.codePaidFen
            creditPaidFen = order.creditPaidFen
            isPaid = order.phase.isPaid || order.phase == .closed || order.phase == .voided
        }
    }

    private var seen: [OrderID: Seen] = [:]
    private var counterSales = TallyLine()
    private var assistedOrders = TallyLine()
    private var codeRepayments = TallyLine()
    private var parcelCharges = TallyLine()
    private var figures = DayFigures()

    /// A tally that starts where the previous close ended: `ordersAtStart` are the orders the machine
    /// held then (what they had already taken belongs to earlier days).
    public init(ordersAtStart: some Sequence<Order>) {
        for order in ordersAtStart where order.id != 0 && !order.phase.isFinal {
            seen[order.id] = Seen(order)
        }
    }

    /// Counts one accepted event: `order` is the order it touched as it is now (nil when none); `isBill`
    /// when that order is a bill's (缴费), whose money the tenders count but the bills' own line reports,
    /// not counter sales.
    public mutating func observe(_ action: CoreAction, order: Order?, effects: EffectList, isBill: Bool = false) {
        if case .creditRepaid(_, let fen) = action { figures.creditRepaidFen += fen }
        for case .refund(let refund) in effects {
            figures.refunds.add(refund.amountFen)
            if refund.method == .cash { figures.cashRefundsFen += refund.amountFen }
        }
        guard let order else { return }
        let before: Seen
        if let known = seen[order.id] {
            before = known
        } else if order.phase.isFinal {
            // Finished before: its money is counted. Only a void can still change the day (a closed sale
            // voided after its receipt printed); a reprint or any other touch counts nothing.
            if order.phase == .voided, Self.isVoid(action) { figures.voids.add(order.totalFen) }
            return
        } else {
            before = Seen()
        }
        let now = Seen(order)
        figures.cashTakenFen += now.cashTenderedFen - before.cashTenderedFen
        figures.changeGivenFen += now.changeFen - before.changeFen
        if now.cashAppliedFen > before.cashAppliedFen {
            figures[.cash].add(now.cashAppliedFen - before.cashAppliedFen)
        }
        if now.codePaidFen > before.codePaidFen, let scheme = order.codeScheme {
            figures[Tender(scheme)].add(now.codePaidFen - before.codePaidFen)
        }
        if now.creditPaidFen > before.creditPaidFen {
            figures[.stationCredit].add(now.creditPaidFen - before.creditPaidFen)
        }
        if now.isPaid, !before.isPaid, order.phase != .voided, !isBill {
            switch order.kind {
            case .counterSale: counterSales.add(order.totalFen)
            case .assisted: assistedOrders.add(order.totalFen)
            case .creditRepayment: codeRepayments.add(order.totalFen)
            case .parcelCharge: parcelCharges.add(order.totalFen)
            }
        }
        switch order.phase {
        case .voided: figures.voids.add(order.totalFen)
        case .cancelled: figures.cancels.add(order.totalFen)
        default: break
        }
        seen[order.id] = order.phase.isFinal ? nil : now
    }

    private static func isVoid(_ action: CoreAction) -> Bool {
        switch action {
        case .voidOrder, .command(.void): true
        default: false
        }
    }

    /// The day's figures: `openOrders` (the machine's unfinished orders at the close) are carried into
    /// tomorrow; `services` are the lines of the services beside the counter.
    public func figures(openOrders: some Sequence<Order>, services: [ServiceLine]) -> DayFigures {
        var result = figures
        for order in openOrders where order.id != 0 && !order.phase.isFinal {
            result.carried.add(order.totalFen)
        }
        result.services = [ServiceLine(service: "counter", sales: counterSales),
                           ServiceLine(service: "assisted", sales: assistedOrders)]
        // Credit repaid by code (its money is in the code tenders above): a line only on days that had one.
        if codeRepayments.count > 0 { result.services.append(ServiceLine(service: "credit_repaid", sales: codeRepayments)) }
        // Parcels' cash on delivery and fees, taken for their carriers (cash or code, counted in the tenders above).
        if parcelCharges.count > 0 { result.services.append(ServiceLine(service: "parcel_charges", sales: parcelCharges)) }
        result.services += services
        return result
    }
}
