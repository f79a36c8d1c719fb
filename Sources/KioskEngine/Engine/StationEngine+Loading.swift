import KioskCore
import KioskStore

/// Orders that left the machine's table — paid and waiting for their goods or for the printer, or
/// final — live in the store; an event that names one loads it back first, as a journaled core event
/// that carries its state (``CoreAction/orderLoaded(_:)``), so a replay needs no store.
extension StationEngine {
    /// Loads order `id` from the store into the machine. Returns false when the load was refused (the
    /// operator is told why) or the store failed; true when it is loaded, or when the store has no such
    /// order (the event that names it is then refused as naming no order).
    func loadBack(_ id: OrderID, nowMs: Int64) -> Bool {
        do {
            guard let row = try journal.order(Int64(id)), !row.state.isCounterWork else { return true }
            let loaded = Self.loadedOrder(row, payments: try journal.payments(of: Int64(id)))
            return submit(.orderLoaded(loaded), nowMs: nowMs)
        } catch {
            logger.error("could not read an order to load it back", metadata: ["order": "\(id)", "error": "\(error)"])
            show(.storageFailed, nowMs: nowMs)
            return false
        }
    }

    /// The machine's record of a stored order. The store keeps no paid or finished time: the order's last
    /// change stands in for both (the machine only asks whether it was paid).
    static func loadedOrder(_ row: OrderRow, payments: [PaymentRow]) -> LoadedOrder {
        let attempts = payments.compactMap { PaymentKey(text: $0.idempotencyKey) }
        let charged = payments.first { payment in
            PaymentKey(text: payment.idempotencyKey) != nil && (payment.state == .approved || payment.state == .refunded)
        }
        let paid = row.state.isPaid || row.state == .closed || row.state == .voided
        return LoadedOrder(
            id: OrderID(truncatingIfNeeded: row.id), kind: kind(named: row.kind),
            phase: row.state, totalFen: row.totalFen, cashTenderedFen: row.cashFen, changeFen: row.changeFen,
            codePaidFen: row.codeFen, approvedPayment: charged.flatMap { PaymentKey(text: $0.idempotencyKey) },
            codeScheme: charged.flatMap { scheme(ofMethod: $0.method) },
            maskedCode: charged?.maskedCode.flatMap { FixedBytes16(utf8: $0) }.flatMap { MaskedPaymentCode(bytes: $0) },
            creditPaidFen: row.creditFen, creditAccount: row.creditAccountID.flatMap { CreditAccountID(exactly: $0) },
            paymentAttempts: attempts.map(\.attempt).max() ?? 0, openedAtMs: row.createdAtMs,
            paidAtMs: paid ? row.updatedAtMs : 0, finishedAtMs: row.state.isFinal ? row.updatedAtMs : 0,
            pickupCode: row.pickupCode.flatMap { UInt32($0) } ?? 0,
            villagerName: row.villagerName.flatMap { FixedBytes64(utf8: $0) } ?? FixedBytes64(),
            phone: row.villagerPhone.flatMap { FixedBytes16(utf8: $0) } ?? FixedBytes16())
    }

    /// The kind an `orders.kind` text names (``CommitBuilder/storedKind(_:)`` the other way).
    static func kind(named name: String) -> OrderKind {
        switch name {
        case "assisted": .assisted
        case "repayment": .creditRepayment
        case "parcel": .parcelCharge
        default: .counterSale
        }
    }

    /// The wallet a stored code payment's method names (``CommitBuilder/method(_:)`` the other way).
    private static func scheme(ofMethod method: String) -> PaymentScheme? {
        PaymentScheme.allCases.first { CommitBuilder.method($0) == method }
    }
}
