import KioskCore
import KioskEngine
import Foundation
import KioskStore

/// The end-of-run report of `kiosk sim --report json|text`. Keys are documented in the README.
public struct SimulationReport: Codable, Equatable {
    public var board: String
    public var seed: UInt64
    public var customers: Int
    /// Orders by state name.
    public var orders: [String: Int]
    public var payments: [PaymentTally]
    /// Money, in fen: what paid orders total, and the cash the drawer should hold.
    public var totalsFen: [String: Int64]
    /// Receipts that came out of the printer (`printed`), of which marked reprints (`reprinted`).
    public var receipts: [String: Int]
    /// Faults injected, by kind (`power-cut`, `paper-out`, `unplug-scanner`…).
    public var faults: [String: Int]
    /// Rule violations found in the books, and differences between the store and a journal replay.
    public var errors: [String]
    /// The parcel desk: parcels by where they stand, in all and by carrier.
    public var parcels = ParcelReport()
    /// The Z reports written (the day's close), oldest first.
    public var days: [DayReportLine]
    /// The providers' statements' mismatches journaled, oldest first, with the acquirer's latest answers.
    public var statementMismatches: [StatementMismatchLine] = []
    /// Produce bought from farmers (收购).
    public var produce: ProduceTally = ProduceTally()

    /// Bills (缴费): `paid` (the biller took them), `pending` (not settled yet), `failed` (the biller
    /// refused them), `refunded` (their money went back), and `fen` (what the billers took).
    public var bills: [String: Int64] = [:]

    enum CodingKeys: String, CodingKey {
        case board, seed, customers, orders, payments, receipts, faults, errors, parcels, days, produce, bills
        case totalsFen = "totals_fen"
        case statementMismatches = "statement_mismatches"
    }

    /// The report of `session` as it stands.
    public static func of(_ session: SimulationSession, board: String, seed: UInt64, customers: Int) throws -> Self {
        let books = session.books
        let orders = try books.ordersByState()
        let receipts = try books.receiptsPrinted()
        let sales = try books.salesFen()
        var errors = try books.violations()
        errors += try JournalAudit(database: session.database, configuration: session.configuration).mismatches()
        errors += try BillAudit(database: session.database).violations()
        let allBills = session.engine.bills.allBills()
        let paidBills = allBills.filter { $0.phase == .succeeded }
        let bills: [String: Int64] = [
            "paid": Int64(paidBills.count),
            "pending": Int64(allBills.filter(\.phase.isUnconfirmed).count),
            "failed": Int64(allBills.filter { $0.phase == .refunding || $0.phase == .refunded }.count),
            "refunded": Int64(allBills.filter { $0.phase == .refunded }.count),
            "fen": paidBills.reduce(0) { $0 + $1.amountFen },
        ]
        errors += try ProduceAudit(database: session.database).mismatches()
        let bought = try ProduceRecords.totalsByGrade(in: session.database, fromMs: .min, toMs: .max)
        var produce = ProduceTally(
            purchases: bought.reduce(0) { $0 + Int($1.purchases) }, grams: bought.reduce(0) { $0 + $1.grams },
            paidOutFen: try ProduceRecords.cashPaidOutFen(in: session.database, fromMs: .min, toMs: .max),
            byGrade: Dictionary(bought.map { ("\($0.produce) \($0.grade)", $0.grams) }, uniquingKeysWith: +))
        let payouts = try ProduceRecords.payouts(in: session.database).map(\.payout)
        produce.accountPayouts = [
            "paid": Int64(payouts.count { $0.phase == .paid }),
            "pending": Int64(payouts.count { $0.phase.awaitsPayee }),
            "failed": Int64(payouts.count { $0.phase == .failed }),
        ]
        // The payee's own books (this run's): it paid no more than the payouts the station holds as paid or
        // still waiting on it (an answer may be on its way), so none was paid twice or without a purchase.
        let owedFen = payouts.filter { $0.phase != .failed || $0.flag != nil }.reduce(0) { $0 + $1.amountFen }
        if session.payee.payee.paidFen > owedFen {
            errors.append("the payee paid farmers \(session.payee.payee.paidFen) fen, more than the \(owedFen) fen of payouts paid or pending")
        }
        errors += try ParcelStore(database: session.database).violations()
        errors += try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches()
        var report = SimulationReport(
            board: board, seed: seed, customers: customers, orders: orders, payments: try books.payments(),
            totalsFen: ["sales": sales, "cash_in_drawer": try books.cashInDrawerFen()],
            receipts: ["printed": receipts.printed, "reprinted": receipts.reprinted],
            faults: session.faultsInjected, errors: errors,
            days: try DayCloseRecords(database: session.database).zReports().map(DayReportLine.init))
        report.produce = produce
        report.bills = bills
        report.statementMismatches = try DayCloseRecords(database: session.database).statementMismatches().map(StatementMismatchLine.init)
        report.parcels = ParcelReport(try ParcelStore(database: session.database).tally())
        return report
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(data: encoder.encode(self), encoding: .utf8)) ?? "{}"
    }

    public func text() -> String {
        var lines = ["board \(board), seed \(seed), customers \(customers)"]
        lines.append("orders: " + orders.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for tally in payments {
            lines.append("payments \(tally.method) \(tally.state): \(tally.count), \(Self.yuan(tally.fen))")
        }
        lines.append("sales \(Self.yuan(totalsFen["sales"] ?? 0)), cash in drawer \(Self.yuan(totalsFen["cash_in_drawer"] ?? 0))")
        lines.append("receipts printed \(receipts["printed"] ?? 0), reprinted \(receipts["reprinted"] ?? 0)")
        lines.append("parcels arrived \(parcels.arrived) = picked up \(parcels.pickedUp) + returned \(parcels.returned) + on shelf \(parcels.onShelf)")
        lines.append("bills paid \(bills["paid"] ?? 0) (\(Self.yuan(bills["fen"] ?? 0))), pending \(bills["pending"] ?? 0), "
            + "failed \(bills["failed"] ?? 0), refunded \(bills["refunded"] ?? 0)")
        if !faults.isEmpty {
            lines.append("faults: " + faults.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for day in days {
            lines.append("Z \(day.z) \(day.businessDate): float \(Self.yuan(day.floatFen)), expected cash \(Self.yuan(day.expectedCashFen)), counted \(Self.yuan(day.countedCashFen)), variance \(day.varianceFen) fen")
        }
        for line in statementMismatches {
            lines.append("statement mismatch \(line.businessDate) \(line.provider) \(line.kind) \(line.merchantOrderNo): "
                + "here \(Self.yuan(line.stationFen)), provider \(Self.yuan(line.providerFen)), answer \(line.answer ?? "none yet")")
        }
        if produce.purchases > 0 {
            lines.append("produce bought: \(produce.purchases) lots, \(produce.grams) g, cash paid out \(Self.yuan(produce.paidOutFen))")
        }
        lines.append(errors.isEmpty ? "errors: none" : "errors:\n  " + errors.joined(separator: "\n  "))
        return lines.joined(separator: "\n")
    }

    private static func yuan(_ fen: Int64) -> String {
        "￥\(fen / 100).\(String(repeating: "0", count: fen % 100 < 10 ? 1 : 0))\(fen % 100)"
    }
}

/// Parcels counted by where they stand (`arrived = picked_up + returned + on_shelf`).
public struct ParcelCounts: Codable, Equatable, Sendable {
    public var arrived = 0
    public var pickedUp = 0
    public var returned = 0
    public var onShelf = 0

    enum CodingKeys: String, CodingKey {
        case arrived, returned
        case pickedUp = "picked_up"
        case onShelf = "on_shelf"
    }

    init(_ tally: ParcelTally) {
        arrived = tally.arrived
        pickedUp = tally.pickedUp
        returned = tally.returned
        onShelf = tally.onShelf
    }

    init() {}
}

/// The report's `parcels`: the counts over every carrier, and `by_carrier` (`zto`, `sf`…).
public struct ParcelReport: Codable, Equatable, Sendable {
    public var arrived = 0
    public var pickedUp = 0
    public var returned = 0
    public var onShelf = 0
    public var byCarrier: [String: ParcelCounts] = [:]

    enum CodingKeys: String, CodingKey {
        case arrived, returned
        case pickedUp = "picked_up"
        case onShelf = "on_shelf"
        case byCarrier = "by_carrier"
    }

    init() {}

    init(_ tallies: [Carrier: ParcelTally]) {
        for (carrier, tally) in tallies {
            byCarrier[carrier.name] = ParcelCounts(tally)
            arrived += tally.arrived
            pickedUp += tally.pickedUp
            returned += tally.returned
            onShelf += tally.onShelf
        }
    }
}

/// The produce desk's day: lots bought, their net grams, the cash paid out (the other payouts go to
/// farmers' accounts) and net grams by `produce grade`.
public struct ProduceTally: Codable, Equatable, Sendable {
    public var purchases: Int = 0
    public var grams: Int64 = 0
    public var paidOutFen: Int64 = 0
    public var byGrade: [String: Int64] = [:]
    /// Payouts to farmers' accounts by where they stand: `paid`, `pending`, `failed`.
    public var accountPayouts: [String: Int64] = [:]

    enum CodingKeys: String, CodingKey {
        case purchases, grams
        case paidOutFen = "paid_out_fen"
        case byGrade = "by_grade"
        case accountPayouts = "account_payouts"
    }
}
