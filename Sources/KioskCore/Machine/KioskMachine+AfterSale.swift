/// After payment: receipts, voids with authorisation, assisted-order fulfilment, credit books.
extension KioskMachine {
    func confirmReceipt(slot: Int, now: Int64) throws(Refusal) {
        var order = orders[slot]
        switch order.phase {
        case .paid: break
        case .open, .totalled, .paying: throw Refusal(.orderNotPaid)
        case .awaitingFulfilment, .ordered, .arrived: throw Refusal(.fulfilmentOutOfOrder)
        case .closed, .cancelled, .voided: throw Refusal(.orderFinished)
        }
        touch(slot)
        if order.kind == .assisted {
            order.phase = .awaitingFulfilment
            orders[slot] = order
            notice(.awaitingFulfilment, Int64(order.id), Int64(order.pickupCode))
        } else {
            order.phase = .closed
            order.finishedAtMs = now
            orders[slot] = order
            notice(.orderClosed)
        }
    }

    func reprint() throws(Refusal) {
        let slot = try requireCurrent()
        let order = orders[slot]
        guard order.phase.isPaid || order.phase == .closed else {
            throw Refusal(order.phase.isFinal ? .orderFinished : .orderNotPaid)
        }
        touch(slot)
        emit(.printReceipt(order.id, .reprint))
        notice(.reprinting)
    }

    func authorise(_ grant: Authorisation, now: Int64) {
        authorisation = (grant, now)
        notice(.authorised, Int64(grant.staffID))
    }

    func withdrawAuthorisation() throws(Refusal) {
        guard authorisation != nil else { throw Refusal(.authorisationRequired) }
        authorisation = nil
        notice(.authorisationEnded)
    }

    func voidOrder(now: Int64) throws(Refusal) {
        let slot = try requireCurrent()
        var order = orders[slot]
        // A closed sale was paid too: voiding it (goods brought back) refunds it like an open one.
        let wasPaid = order.phase.isPaid || (order.phase == .closed && order.paidAtMs > 0)
        guard wasPaid else { throw Refusal(order.phase.isFinal ? .orderFinished : .orderNotPaid) }
        guard !isBillOrder(slot) else { throw Refusal(.billNotVoidable) }
        guard order.kind != .creditRepayment else { throw Refusal(.repaymentNotVoidable) }
        guard order.kind != .parcelCharge else { throw Refusal(.parcelChargeNotVoidable) }
        guard let authorisation, now >= authorisation.atMs,
              now - authorisation.atMs <= Self.authorisationValidityMs
        else { throw Refusal(.authorisationRequired) }
        var creditSlot: Int?
        if let account = order.creditAccount, order.creditPaidFen > 0 {
            guard let found = accountSlot(of: account) else { throw Refusal(.unknownCreditAccount, detail: Int64(account)) }
            guard accounts[found].balanceFen - order.creditPaidFen >= repaymentsUnderWayFen(account) else {
                throw Refusal(.repaymentUnderWay)
            }
            creditSlot = found
        }
        self.authorisation = nil
        order.phase = .voided
        order.finishedAtMs = now
        orders[slot] = order
        touch(slot)
        if order.cashAppliedFen > 0 {
            emit(.refund(Refund(orderID: order.id, method: .cash, amountFen: order.cashAppliedFen, paymentKey: nil)))
            emit(.openDrawer)
        }
        if order.codePaidFen > 0 {
            emit(.refund(Refund(
                orderID: order.id, method: .paymentCode, amountFen: order.codePaidFen,
                paymentKey: order.approvedPayment
            )))
        }
        if let creditSlot {
            accounts[creditSlot].balanceFen -= order.creditPaidFen
            emit(.refund(Refund(orderID: order.id, method: .stationCredit, amountFen: order.creditPaidFen, paymentKey: nil)))
        }
        notice(.orderVoided, order.totalFen)
    }

    /// The slot of assisted order `id` when it is in `phase`.
    private func requireAssisted(_ id: OrderID, in phase: OrderPhase) throws(Refusal) -> Int {
        let slot = try requireOrder(id)
        let order = orders[slot]
        guard order.kind == .assisted else { throw Refusal(.notAssistedOrder) }
        guard order.phase == phase else {
            if order.phase.isFinal { throw Refusal(.orderFinished) }
            if order.phase == .paid { throw Refusal(.receiptNotConfirmed) }
            throw Refusal(order.phase.isPaid ? .fulfilmentOutOfOrder : .orderNotPaid)
        }
        return slot
    }

    func fulfilmentOrdered(_ id: OrderID) throws(Refusal) {
        let slot = try requireAssisted(id, in: .awaitingFulfilment)
        orders[slot].phase = .ordered
        touch(slot)
        notice(.fulfilmentOrdered, Int64(id))
    }

    func fulfilmentArrived(_ id: OrderID) throws(Refusal) {
        let slot = try requireAssisted(id, in: .ordered)
        orders[slot].phase = .arrived
        touch(slot)
        notice(.goodsArrived, Int64(id), Int64(orders[slot].pickupCode))
    }

    func pickedUp(_ id: OrderID, code: UInt32, now: Int64) throws(Refusal) {
        let slot = try requireAssisted(id, in: .arrived)
        guard orders[slot].pickupCode == code else { throw Refusal(.wrongPickupCode) }
        orders[slot].phase = .closed
        orders[slot].finishedAtMs = now
        touch(slot)
        notice(.pickedUp)
    }

    func openCreditAccount(_ id: CreditAccountID, limitFen: Int64) throws(Refusal) {
        guard limitFen >= 0 else { throw Refusal(.invalidAmount, detail: limitFen) }
        guard accountSlot(of: id) == nil else { throw Refusal(.creditAccountExists, detail: Int64(id)) }
        guard creditAccountCount < limits.maxCreditAccounts else {
            throw Refusal(.creditAccountsFull, detail: Int64(limits.maxCreditAccounts))
        }
        accounts[creditAccountCount] = CreditAccount(id: id, limitFen: limitFen, balanceFen: 0)
        creditAccountCount += 1
        notice(.creditAccountOpened, Int64(id))
    }

    func creditRepaid(_ id: CreditAccountID, fen: Int64) throws(Refusal) {
        guard let slot = accountSlot(of: id) else { throw Refusal(.unknownCreditAccount, detail: Int64(id)) }
        guard fen > 0 else { throw Refusal(.invalidAmount, detail: fen) }
        let repayable = accounts[slot].balanceFen - repaymentsUnderWayFen(id)
        guard fen <= repayable else { throw Refusal(.repaymentOverOwed, detail: repayable) }
        accounts[slot].balanceFen -= fen
        // Repaid in cash at the counter: the money goes in the drawer.
        emit(.openDrawer)
        notice(.creditRepaid, accounts[slot].balanceFen)
    }
}
