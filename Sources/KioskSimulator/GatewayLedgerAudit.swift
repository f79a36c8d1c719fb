import KioskEngine
import Foundation
import KioskStore

/// The simulated gateway's ledger file read back, to hold the kiosk's books against the gateway's:
/// the crash harness's proof that nobody was charged without a paid order, and nobody charged twice.
public struct GatewayLedgerAudit {
    /// One charge as the gateway settled it.
    public struct Charge: Equatable, Sendable {
        public var key: String
        public var amountFen: Int64
        /// `approve`, `decline`, `timeout` or `error`, as the ledger spells it.
        public var outcome: String
        /// Whether the money was taken (approved, or taken with the answer lost).
        public var captured: Bool { outcome == "approve" || outcome == "timeout" }
    }

    /// Charges in ledger order (a key recorded twice appears twice).
    public private(set) var charges: [Charge] = []
    /// Keys whose charge was given back.
    public private(set) var reversedKeys: Set<String> = []
    /// Lines that are neither a charge nor a reversal (a torn last line, say).
    public private(set) var unreadableLines: [String] = []

    /// Where a simulation keeps its gateway ledger inside `dataDirectory`.
    public static func ledgerPath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("gateway-ledger.txt").path
    }

    /// Parses the ledger's text (`charge KEY AMOUNT [WALLET AT_MS] OUTCOME` and `reverse KEY` lines).
    public init(text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            switch fields.first {
            case "charge" where (fields.count == 4 || fields.count == 6) && Int64(fields[2]) != nil
                && ["approve", "decline", "timeout", "error"].contains(fields[fields.count - 1]):
                // `charge KEY AMOUNT OUTCOME`, or with the wallet and time: `charge KEY AMOUNT WALLET AT_MS OUTCOME`.
                charges.append(Charge(key: fields[1], amountFen: Int64(fields[2]) ?? 0, outcome: fields[fields.count - 1]))
            case "reverse" where fields.count == 2:
                reversedKeys.insert(fields[1])
            default:
                unreadableLines.append(String(line))
            }
        }
    }

    /// Reads the ledger at `path`.
    public init(contentsOf path: String) throws {
        self.init(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// Charges whose money the gateway still holds.
    public var standingCharges: [Charge] {
        charges.filter { $0.captured && !reversedKeys.contains($0.key) }
    }

    /// Every disagreement between this ledger and the kiosk's payments, one line each:
    /// a key charged twice, money held with no approved payment, an approved code payment the gateway
    /// never took (or gave back), and an amount that differs.
    public func mismatches(against database: KioskDatabase) throws -> [String] {
        var found = unreadableLines.map { "gateway ledger line \"\($0)\" cannot be read" }
        var seen: Set<String> = []
        for charge in charges where !seen.insert(charge.key).inserted {
            found.append("gateway charged key \(charge.key) twice")
        }
        var approvedCodePayments: [String: Int64] = [:]
        let journal = EventJournal(database: database)
        // A bill the biller refused was given back through the acquirer: its order's charge no longer stands.
        let refundedBillOrders = Set(try BillStore(database: database).bills(in: [.refunding, .refunded]).map(\.orderID))
        for order in try journal.orders() where !refundedBillOrders.contains(order.id) {
            for payment in try journal.payments(of: order.id)
            where payment.state == .approved && payment.method != "cash" && payment.method != "credit" {
                approvedCodePayments[payment.merchantOrderNumber ?? payment.idempotencyKey] = payment.amountFen
            }
        }
        let standing = Dictionary(standingCharges.map { ($0.key, $0.amountFen) }, uniquingKeysWith: { first, _ in first })
        for (key, amount) in standing.sorted(by: { $0.key < $1.key }) {
            guard let approved = approvedCodePayments[key] else {
                found.append("gateway holds \(amount) fen under key \(key) but no paid order has that payment")
                continue
            }
            if approved != amount {
                found.append("payment \(key) is approved for \(approved) fen but the gateway took \(amount) fen")
            }
        }
        for key in approvedCodePayments.keys.sorted() where standing[key] == nil {
            found.append("payment \(key) is approved but the gateway holds no charge under that key")
        }
        return found
    }
}
