/// Credit repaid by payment code (赊账还款): an order of its own whose one line is the amount repaid.
///
/// The charge is a sale's charge (same key, timeout, query, reversal, recovery); what differs is what
/// paying it does: the account's balance falls by the order's total in the event that approves the code.
/// While a repayment order is counter work its amount is reserved against the balance, so no other
/// repayment (by code or in cash) and no void of a credit sale can take the balance below zero after it.
extension KioskMachine {
    /// Puts `fen` repaid on `accountID` on the current order, which must be an empty counter order.
    func addRepaymentLine(_ accountID: CreditAccountID, fen: Int64) throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard order.lineCount == 0, order.kind != .assisted else { throw Refusal(.repaymentOnItsOwnOrder) }
        guard let accountSlot = accountSlot(of: accountID) else {
            throw Refusal(.unknownCreditAccount, detail: Int64(accountID))
        }
        guard fen > 0 else { throw Refusal(.invalidAmount, detail: fen) }
        let repayable = accounts[accountSlot].balanceFen - repaymentsUnderWayFen(accountID)
        guard fen <= repayable else { throw Refusal(.repaymentOverOwed, detail: repayable) }
        var record = OrderLine()
        record.barcode = Self.numberedCode("REPAY-", accountID)
        record.unitPriceFen = fen
        record.quantity = 1
        record.amountFen = fen
        lineBase(slot)[0] = record
        order.lineCount = 1
        order.totalFen = fen
        order.kind = .creditRepayment
        order.creditAccount = accountID
        order.phase = .open
        orders[slot] = order
        entry = KeypadEntry()
        touch(slot)
        notice(.scanPaymentCode, fen)
    }

    /// What the repayment orders still being paid take from account `id`, fen (the table is small and
    /// fixed: a scan of it allocates nothing).
    func repaymentsUnderWayFen(_ id: CreditAccountID) -> Int64 {
        var total: Int64 = 0
        for slot in orders.indices {
            let order = orders[slot]
            guard order.id != 0, order.kind == .creditRepayment, order.creditAccount == id,
                  order.phase.isCounterWork else { continue }
            total += order.totalFen
        }
        return total
    }

    /// Repayment order in `slot` paid: its account owes that much less.
    func repaid(_ slot: Int) {
        guard let account = orders[slot].creditAccount, let accountSlot = accountSlot(of: account) else {
            preconditionFailure("a repayment order without its account")
        }
        let balance = accounts[accountSlot].balanceFen - orders[slot].totalFen
        precondition(balance >= 0, "a repayment took a credit balance below zero")
        accounts[accountSlot].balanceFen = balance
        notice(.creditRepaid, balance)
    }

    /// A line's code on the order and receipt, `REPAY-7`, `PARCEL-12` (built without allocating: the
    /// machine's path).
    static func numberedCode(_ prefix: StaticString, _ number: UInt32) -> FixedBytes32 {
        var code = FixedBytes32()
        prefix.withUTF8Buffer { for byte in $0 { _ = code.append(byte) } }
        var divisor: UInt32 = 1
        while number / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            _ = code.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
        return code
    }

    /// Refuses goods (a scan, another quantity) on an order that holds one service line of its own.
    func requireGoodsOrder(_ slot: Int) throws(Refusal) {
        switch orders[slot].kind {
        case .creditRepayment: throw Refusal(.repaymentOnItsOwnOrder)
        case .parcelCharge: throw Refusal(.parcelChargeOnItsOwnOrder)
        case .counterSale, .assisted: return
        }
    }

    /// Puts parcel `parcelID`'s charge of `fen` (cash on delivery and storage fee) on the current order,
    /// which must be an empty counter order.
    func addParcelChargeLine(_ parcelID: UInt32, fen: Int64) throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard order.lineCount == 0, order.kind == .counterSale || order.kind == .parcelCharge, parcelID > 0 else {
            throw Refusal(.parcelChargeOnItsOwnOrder)
        }
        guard fen > 0 else { throw Refusal(.invalidAmount, detail: fen) }
        var record = OrderLine()
        record.barcode = Self.numberedCode("PARCEL-", parcelID)
        record.unitPriceFen = fen
        record.quantity = 1
        record.amountFen = fen
        lineBase(slot)[0] = record
        order.lineCount = 1
        order.totalFen = fen
        order.kind = .parcelCharge
        order.phase = .open
        orders[slot] = order
        entry = KeypadEntry()
        touch(slot)
        notice(.amountDue, fen)
    }
}
