/// Taking money: cash, payment codes (with the query/reverse recovery), station credit.
extension KioskMachine {
    func tenderCash(_ tenderedFen: Int64, now: Int64) throws(Refusal) {
        let slot = try requirePayable()
        guard orders[slot].kind != .creditRepayment else { throw Refusal(.repaymentByCodeOnly) }
        var order = orders[slot]
        guard tenderedFen > 0 else { throw Refusal(.invalidAmount, detail: tenderedFen) }
        let due = order.dueFen
        let applied = min(tenderedFen, due)
        let change = tenderedFen - applied
        guard let tendered = Money.add(order.cashTenderedFen, tenderedFen),
              let cashApplied = Money.add(order.cashAppliedFen, applied),
              let changeTotal = Money.add(order.changeFen, change)
        else { throw Refusal(.amountOverflow) }
        order.cashTenderedFen = tendered
        order.cashAppliedFen = cashApplied
        order.changeFen = changeTotal
        order.phase = .totalled
        orders[slot] = order
        touch(slot)
        emit(.openDrawer)
        if order.dueFen == 0 {
            markPaid(slot, now: now)
        } else {
            notice(.remainingDue, order.dueFen)
        }
    }

    func tenderCode(_ code: PaymentCode, now: Int64) throws(Refusal) {
        try requestCharge(code, now: now, notice: .waitingForPayment)
    }

    /// The customer pays by scanning the station's QR (扫码付): a charge like a code's, with no code, whose
    /// QR the runtime asks the provider for and shows on the customer display.
    func tenderQR(_ scheme: PaymentScheme, now: Int64) throws(Refusal) {
        try requestCharge(PaymentCode.presentedQR(scheme), now: now, notice: .scanToPay)
    }

    /// Takes a pending payment slot for the whole amount due, under the order's next attempt's key, and
    /// asks for the charge of `code` (a customer's code, or the station's QR).
    private func requestCharge(_ code: PaymentCode, now: Int64, notice waiting: Notice) throws(Refusal) {
        let slot = try requirePayable()
        var order = orders[slot]
        guard let paymentSlot = payments.firstIndex(where: { $0 == nil }) else {
            throw Refusal(.tooManyPendingPayments, detail: Int64(limits.maxPendingPayments))
        }
        guard order.paymentAttempts < UInt16.max else { throw Refusal(.tooManyPaymentAttempts) }
        order.paymentAttempts += 1
        let key = PaymentKey(orderID: order.id, attempt: order.paymentAttempts)
        let due = order.dueFen
        payments[paymentSlot] = PendingPayment(
            key: key, status: .pending, amountFen: due, scheme: code.scheme, maskedCode: code.masked,
            requestedAtMs: now
        )
        order.phase = .paying
        orders[slot] = order
        touch(slot)
        emit(.requestPayment(PaymentRequest(key: key, code: code, amountFen: due)))
        notice(waiting, due)
    }

    /// The pending payment slot of the current order's payment QR while it still shows (not yet being closed).
    func presentedQRSlotOfCurrentOrder() -> Int? {
        guard let current = currentOrderID else { return nil }
        return payments.firstIndex {
            $0?.key.orderID == current && $0?.status == .pending && $0?.presentsQR == true
        }
    }

    /// The operator gives the QR up: it is closed at the provider first (a customer may be paying this
    /// instant), and the order takes another tender once the provider says it is closed unpaid.
    func withdrawQR(_ paymentSlot: Int) throws(Refusal) {
        startQuery(paymentSlot)
    }

    func tenderCredit(_ accountID: CreditAccountID, now: Int64) throws(Refusal) {
        let slot = try requirePayable()
        guard !isBillOrder(slot) else { throw Refusal(.billNotOnCredit) }
        guard orders[slot].kind != .creditRepayment else { throw Refusal(.repaymentByCodeOnly) }
        guard orders[slot].kind != .parcelCharge else { throw Refusal(.parcelChargeNotOnCredit) }
        var order = orders[slot]
        guard let accountSlot = accountSlot(of: accountID) else {
            throw Refusal(.unknownCreditAccount, detail: Int64(accountID))
        }
        let account = accounts[accountSlot]
        let due = order.dueFen
        guard let balance = Money.add(account.balanceFen, due) else { throw Refusal(.amountOverflow) }
        guard balance <= account.limitFen else {
            throw Refusal(.creditLimitExceeded, detail: max(0, account.limitFen - account.balanceFen))
        }
        accounts[accountSlot].balanceFen = balance
        order.creditPaidFen = due
        order.creditAccount = accountID
        orders[slot] = order
        touch(slot)
        notice(.creditCharged, balance)
        markPaid(slot, now: now)
    }

    /// Paid in full: the receipt prints and the operator sees the change. A repayment order lowers its
    /// account's balance now, in the same event as the approval.
    func markPaid(_ slot: Int, now: Int64) {
        precondition(orders[slot].dueFen == 0, "marked paid with money still due")
        orders[slot].phase = .paid
        orders[slot].paidAtMs = now
        emit(.printReceipt(orders[slot].id, .receipt))
        if orders[slot].kind == .creditRepayment {
            repaid(slot)
        } else {
            notice(.orderPaid, orders[slot].changeFen)
        }
    }

    /// The slot of the charge `key` when its status is `status` or `other` (no variadic array:
    /// this runs on the hot path).
    func requirePayment(_ key: PaymentKey, in status: PaymentStatus, _ other: PaymentStatus? = nil)
        throws(Refusal) -> Int
    {
        guard let slot = paymentSlot(of: key), let payment = payments[slot] else {
            throw Refusal(.unknownPayment, detail: Int64(bitPattern: key.rawValue))
        }
        guard payment.status == status || payment.status == other else { throw Refusal(.paymentStateMismatch) }
        return slot
    }

    func paymentAnswered(_ key: PaymentKey, _ answer: PaymentAnswer, now: Int64) throws(Refusal) {
        switch answer {
        case .approved: approve(try requirePayment(key, in: .pending, .querying), now: now)
        case .declined: release(try requirePayment(key, in: .pending, .querying), .paymentDeclined)
        case .error: startQuery(try requirePayment(key, in: .pending))
        }
    }

    func paymentTimedOut(_ key: PaymentKey) throws(Refusal) {
        startQuery(try requirePayment(key, in: .pending))
    }

    func paymentQueried(_ key: PaymentKey, _ answer: PaymentQueryAnswer, now: Int64) throws(Refusal) {
        let slot = try requirePayment(key, in: .querying)
        switch answer {
        case .paid: approve(slot, now: now)
        case .notPaid: release(slot, payments[slot]!.presentsQR ? .scanToPayClosed : .paymentDeclined)
        case .unknown:
            payments[slot]!.status = .reversing
            touchPaymentOrder(slot)
            emit(.reversePayment(key))
            notice(.paymentUnknown)
        }
    }

    func paymentReversed(_ key: PaymentKey) throws(Refusal) {
        release(try requirePayment(key, in: .reversing), .paymentReversed)
    }

    /// Asks the provider what became of a charge. For a payment QR the runtime closes the provider's order
    /// before it asks, so the answer is final: a customer cannot pay it afterwards.
    private func startQuery(_ paymentSlot: Int) {
        payments[paymentSlot]!.status = .querying
        touchPaymentOrder(paymentSlot)
        emit(.queryPayment(payments[paymentSlot]!.key))
        notice(payments[paymentSlot]!.presentsQR ? .closingScanToPay : .paymentUnknown)
    }

    private func approve(_ paymentSlot: Int, now: Int64) {
        let payment = payments[paymentSlot]!
        let slot = touchPaymentOrder(paymentSlot)
        payments[paymentSlot] = nil
        orders[slot].codePaidFen += payment.amountFen
        orders[slot].approvedPayment = payment.key
        orders[slot].codeScheme = payment.scheme
        orders[slot].maskedCode = payment.presentsQR ? nil : payment.maskedCode
        markPaid(slot, now: now)
    }

    /// The charge ended without taking money: the order waits for another tender.
    private func release(_ paymentSlot: Int, _ message: Notice) {
        let slot = touchPaymentOrder(paymentSlot)
        payments[paymentSlot] = nil
        orders[slot].phase = .totalled
        notice(message)
        notice(.remainingDue, orders[slot].dueFen)
    }

    @discardableResult
    private func touchPaymentOrder(_ paymentSlot: Int) -> Int {
        guard let slot = slotIndex(of: payments[paymentSlot]!.key.orderID) else {
            preconditionFailure("a pending payment's order left the table")
        }
        touch(slot)
        return slot
    }
}
