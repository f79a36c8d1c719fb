/// Invariants, a state digest and state comparison: what tests and replay checks rely on.
extension KioskMachine {
    /// The first broken invariant, described, or `nil` when the state is sound.
    /// Checked before and after every event in debug builds, and by the station's engine after every
    /// accepted event in every build, before it is committed.
    public func invariantViolation() -> String? {
        var open = 0
        var paying = 0
        for slot in orders.indices where orders[slot].id != 0 {
            let order = orders[slot]
            if !order.phase.isFinal { open += 1 }
            if order.phase == .paying { paying += 1 }
            if let problem = violation(in: order, slot: slot) { return "order \(order.id): \(problem)" }
        }
        if open > limits.maxOpenOrders { return "\(open) open orders over the limit" }
        var inFlight = 0
        for payment in payments {
            guard let payment else { continue }
            inFlight += 1
            guard let slot = slotIndex(of: payment.key.orderID), orders[slot].phase == .paying else {
                return "payment \(payment.key.text) has no paying order"
            }
        }
        if inFlight != paying { return "\(inFlight) charges in flight for \(paying) paying orders" }
        if creditAccountCount > limits.maxCreditAccounts { return "credit accounts over the limit" }
        for account in accounts[0 ..< creditAccountCount] where account.balanceFen > account.limitFen {
            return "credit account \(account.id) over its limit"
        }
        for account in accounts[0 ..< creditAccountCount] where account.balanceFen < 0 {
            return "credit account \(account.id) below zero"
        }
        for order in orders where order.id != 0 && order.kind == .creditRepayment && order.phase.isCounterWork {
            guard let id = order.creditAccount, let account = creditAccount(id) else {
                return "repayment order \(order.id) has no account"
            }
            if repaymentsUnderWayFen(id) > account.balanceFen {
                return "repayments under way on credit account \(id) exceed what it owes"
            }
        }
        if let current = currentOrderID, current == 0 { return "current slot is empty" }
        return nil
    }

    private func violation(in order: Order, slot: Int) -> String? {
        guard order.lineCount >= 0, Int(order.lineCount) <= limits.maxLinesPerOrder else { return "line count" }
        if order.linesStored, order.lineCount != 0 { return "lines in the table for an order whose lines are stored" }
        if order.linesStored, order.phase.isCounterWork { return "counter work loaded from the store" }
        var sum: Int64 = 0
        let base = lineBase(slot)
        for index in 0 ..< Int(order.lineCount) {
            let line = base[index]
            guard Money.multiply(line.unitPriceFen, by: Int64(line.quantity)) == line.amountFen else {
                return "line \(index + 1) amount is not price × quantity"
            }
            if !line.isVoided { sum += line.amountFen }
        }
        if !order.linesStored, sum != order.totalFen { return "total \(order.totalFen) is not the sum of the lines \(sum)" }
        if order.cashAppliedFen + order.changeFen != order.cashTenderedFen { return "paid + change is not tendered" }
        if !order.phase.isFinal, order.dueFen < 0 { return "more paid than the total" }
        if order.phase.isPaid, order.dueFen != 0 { return "paid with money still due" }
        if order.codePaidFen > 0, order.approvedPayment == nil { return "code payment without an approved key" }
        if order.kind == .creditRepayment, order.cashTenderedFen != 0 || order.creditPaidFen != 0 {
            return "a repayment taken other than by code"
        }
        return nil
    }

    /// A 64-bit FNV-1a digest of the whole logical state: equal states give equal digests, and
    /// a refused event leaves it unchanged. Replays compare it with the journaled one.
    public func stateDigest() -> UInt64 {
        var digest = StateDigest()
        digest.add(UInt64(nextOrderID))
        digest.add(Int64(currentSlot))
        digest.add(entry.digits, Int64(entry.digitCount), Int64(entry.decimals))
        digest.add(authorisation.map { Int64($0.grant.role.rawValue) } ?? 0)
        digest.add(authorisation.map { Int64($0.grant.staffID) } ?? 0, authorisation?.atMs ?? 0)
        digest.add(lastEventMs)
        for slot in orders.indices {
            let order = orders[slot]
            digest.add(order)
            for index in 0 ..< Int(order.lineCount) { digest.add(lineBase(slot)[index]) }
        }
        for payment in payments { digest.add(payment) }
        digest.add(Int64(creditAccountCount))
        for account in accounts[0 ..< creditAccountCount] {
            digest.add(Int64(account.id), account.limitFen, account.balanceFen)
        }
        return digest.value
    }

    /// Whether `other` holds exactly the same logical state (same limits, orders, lines,
    /// payments, accounts, entry, authorisation and counters).
    public func hasSameState(as other: KioskMachine) -> Bool {
        guard limits == other.limits, nextOrderID == other.nextOrderID, currentSlot == other.currentSlot,
              entry == other.entry, lastEventMs == other.lastEventMs,
              authorisation?.grant == other.authorisation?.grant, authorisation?.atMs == other.authorisation?.atMs,
              creditAccountCount == other.creditAccountCount,
              orders.elementsEqual(other.orders), payments.elementsEqual(other.payments),
              accounts[0 ..< creditAccountCount].elementsEqual(other.accounts[0 ..< creditAccountCount])
        else { return false }
        for slot in orders.indices {
            let count = Int(orders[slot].lineCount)
            for index in 0 ..< count where lineBase(slot)[index] != other.lineBase(slot)[index] { return false }
        }
        return true
    }
}

/// FNV-1a over explicit fields (never raw struct bytes, whose padding is undefined).
struct StateDigest {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ word: UInt64) {
        var remaining = word
        for _ in 0 ..< 8 {
            value = (value ^ (remaining & 0xFF)) &* 0x0000_0100_0000_01B3
            remaining >>= 8
        }
    }

    mutating func add(_ number: Int64) {
        add(UInt64(bitPattern: number))
    }

    mutating func add(_ first: Int64, _ second: Int64, _ more: Int64 = 0, _ evenMore: Int64 = 0, _ last: Int64 = 0) {
        add(first)
        add(second)
        add(more)
        add(evenMore)
        add(last)
    }

    mutating func add(_ bytes: FixedBytes64) { add(Int64(bytes.count)); bytes.withBytes { for byte in $0 { add(UInt64(byte)) } } }
    mutating func add(_ bytes: FixedBytes32) { add(Int64(bytes.count)); bytes.withBytes { for byte in $0 { add(UInt64(byte)) } } }
    mutating func add(_ bytes: FixedBytes16) { add(Int64(bytes.count)); bytes.withBytes { for byte in $0 { add(UInt64(byte)) } } }

    mutating func add(_ order: Order) {
        add(Int64(order.id), Int64(order.kind.rawValue), Int64(order.phase.rawValue), Int64(order.lineCount))
        add(order.totalFen, order.cashTenderedFen, order.cashAppliedFen, order.changeFen, order.codePaidFen)
        add(order.approvedPayment?.rawValue ?? 0)
        add(Int64(order.codeScheme?.rawValue ?? 0))
        add(order.maskedCode?.bytes ?? FixedBytes16())
        add(order.creditPaidFen, Int64(order.creditAccount ?? 0), Int64(order.paymentAttempts))
        add(order.openedAtMs, order.paidAtMs, order.finishedAtMs, Int64(order.pickupCode))
        add(order.villagerName)
        add(order.phone)
        // Only when set: a state without loaded orders digests as it did before orders could be loaded,
        // so snapshots written then still restore.
        if order.linesStored { add(UInt64(1)) }
    }

    mutating func add(_ line: OrderLine) {
        add(line.barcode)
        add(line.catalogRef, line.unitPriceFen, Int64(line.quantity), line.amountFen, line.isVoided ? 1 : 0)
    }

    mutating func add(_ payment: PendingPayment?) {
        guard let payment else { return add(UInt64(0)) }
        add(payment.key.rawValue)
        add(Int64(payment.status.rawValue), payment.amountFen, Int64(payment.scheme.rawValue), payment.requestedAtMs)
        add(payment.maskedCode.bytes)
    }
}
