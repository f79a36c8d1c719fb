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
    /// Bills (缴费): `paid` (the biller took them), `pending` (not settled yet), `failed` (the biller
    /// refused them), `refunded` (their money went back), and `fen` (what the billers took).
    public var bills: [String: Int64]

    enum CodingKeys: String, CodingKey {
        case board, seed, customers, orders, payments, receipts, faults, errors, bills
        case totalsFen = "totals_fen"
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
            "pending": Int64(allBills.filter(\.phase.awaitsBiller).count),
            "failed": Int64(allBills.filter { $0.phase == .refunding || $0.phase == .refunded }.count),
            "refunded": Int64(allBills.filter { $0.phase == .refunded }.count),
            "fen": paidBills.reduce(0) { $0 + $1.amountFen },
        ]
        return SimulationReport(
            board: board, seed: seed, customers: customers, orders: orders, payments: try books.payments(),
            totalsFen: ["sales": sales, "cash_in_drawer": try books.cashInDrawerFen()],
            receipts: ["printed": receipts.printed, "reprinted": receipts.reprinted],
            faults: session.faultsInjected, errors: errors, bills: bills)
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
        lines.append("bills paid \(bills["paid"] ?? 0) (\(Self.yuan(bills["fen"] ?? 0))), pending \(bills["pending"] ?? 0), "
            + "failed \(bills["failed"] ?? 0), refunded \(bills["refunded"] ?? 0)")
        if !faults.isEmpty {
            lines.append("faults: " + faults.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append(errors.isEmpty ? "errors: none" : "errors:\n  " + errors.joined(separator: "\n  "))
        return lines.joined(separator: "\n")
    }

    private static func yuan(_ fen: Int64) -> String {
        "￥\(fen / 100).\(String(repeating: "0", count: fen % 100 < 10 ? 1 : 0))\(fen % 100)"
    }
}
