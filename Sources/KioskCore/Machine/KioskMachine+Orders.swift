/// Opening orders and editing their lines.
extension KioskMachine {
    /// The largest quantity one line takes.
    public static let maximumQuantity: Int64 = 9999

    func dispatch(_ action: CoreAction, now: Int64) throws(Refusal) {
        switch action {
        case .newOrder: try openOrder(.counterSale, request: nil, now: now)
        case .newOrderForScan: try openOrder(.counterSale, request: nil, now: now, keepingEntry: true)
        case let .newAssistedOrder(request): try openOrder(.assisted, request: request, now: now)
        case let .selectOrder(id): try select(id)
        case let .productScanned(scan): try addLine(scan)
        case let .key(key): try press(key)
        case let .command(command): try run(command, now: now)
        case let .setQuantity(quantity): try setLastLineQuantity(Int64(quantity))
        case .removeLastLine: try removeLastLine()
        case let .voidLine(number): try voidLine(Int64(number))
        case .total: try total()
        case let .tenderCash(fen): try tenderCash(fen, now: now)
        case let .tenderCode(code): try tenderCode(code, now: now)
        case let .tenderCredit(account): try tenderCredit(account, now: now)
        case let .paymentAnswered(key, answer): try paymentAnswered(key, answer, now: now)
        case let .paymentTimedOut(key): try paymentTimedOut(key)
        case let .paymentQueried(key, answer): try paymentQueried(key, answer, now: now)
        case let .paymentReversed(key): try paymentReversed(key)
        case .receiptConfirmed: try confirmReceipt(slot: try requireCurrent(), now: now)
        case let .receiptPrinted(id): try confirmReceipt(slot: try requireOrder(id), now: now)
        case .reprintReceipt: try reprint()
        case .cancelOrder: try cancel(now: now)
        case let .authorise(grant): authorise(grant, now: now)
        case .withdrawAuthorisation: try withdrawAuthorisation()
        case .voidOrder: try voidOrder(now: now)
        case let .fulfilmentOrdered(id): try fulfilmentOrdered(id)
        case let .fulfilmentArrived(id): try fulfilmentArrived(id)
        case let .pickedUp(id, code): try pickedUp(id, code: code, now: now)
        case let .openCreditAccount(id, limitFen): try openCreditAccount(id, limitFen: limitFen)
        case let .creditRepaid(id, fen): try creditRepaid(id, fen: fen)
        case let .orderLoaded(order): try load(order)
        case let .billLine(line): try addBillLine(line)
        case let .creditRepaymentLine(account, fen): try addRepaymentLine(account, fen: fen)
        case let .parcelChargeLine(parcelID, fen): try addParcelChargeLine(parcelID, fen: fen)
        }
    }

    func openOrder(_ kind: OrderKind, request: AssistedOrderRequest?, now: Int64, keepingEntry: Bool = false) throws(Refusal) {
        guard let slot = freeSlot() else { throw Refusal(.tooManyOpenOrders, detail: Int64(limits.maxOpenOrders)) }
        guard nextOrderID < OrderID.max else { throw Refusal(.tooManyOpenOrders, detail: Int64(limits.maxOpenOrders)) }
        let id = nextOrderID
        var order = Order()
        order.id = id
        order.kind = kind
        order.phase = .open
        order.openedAtMs = now
        if let request {
            order.villagerName = request.villagerName
            order.phone = request.phone
            order.pickupCode = PickupCode.derive(orderID: id, seed: request.pickupSeed)
        }
        orders[slot] = order
        nextOrderID += 1
        currentSlot = slot
        if !keepingEntry { entry = KeypadEntry() }
        touch(slot)
        notice(.orderOpened, Int64(id))
    }

    /// An empty slot, else the slot of the final order opened longest ago, else that of the paid order
    /// opened longest ago that waits for its goods or its receipt; `nil` when every slot holds counter
    /// work. The order in a slot given up stays in the store, and is loaded back when an event names it.
    func freeSlot() -> Int? {
        var oldestFinal: Int?
        var oldestWaiting: Int?
        for slot in orders.indices {
            let order = orders[slot]
            if order.id == 0 { return slot }
            if order.phase.isFinal {
                if oldestFinal.map({ orders[$0].id > order.id }) ?? true { oldestFinal = slot }
            } else if !order.phase.isCounterWork {
                if oldestWaiting.map({ orders[$0].id > order.id }) ?? true { oldestWaiting = slot }
            }
        }
        return oldestFinal ?? oldestWaiting
    }

    /// Loads an order that left the table back into it (the runtime read it from the store), without
    /// making it current. Refused when it is in the table already, is counter work (which never leaves
    /// the table), does not add up, or when every slot holds counter work.
    func load(_ loaded: LoadedOrder) throws(Refusal) {
        guard loaded.id != 0, loaded.id < nextOrderID else { throw Refusal(.orderNotFound, detail: Int64(loaded.id)) }
        guard slotIndex(of: loaded.id) == nil else { throw Refusal(.orderAlreadyInTable, detail: Int64(loaded.id)) }
        var order = Order()
        order.id = loaded.id
        order.kind = loaded.kind
        order.phase = loaded.phase
        order.totalFen = loaded.totalFen
        order.cashTenderedFen = loaded.cashTenderedFen
        order.changeFen = loaded.changeFen
        order.cashAppliedFen = loaded.cashTenderedFen &- loaded.changeFen
        order.codePaidFen = loaded.codePaidFen
        order.approvedPayment = loaded.approvedPayment
        order.codeScheme = loaded.codeScheme
        order.maskedCode = loaded.maskedCode
        order.creditPaidFen = loaded.creditPaidFen
        order.creditAccount = loaded.creditAccount
        order.paymentAttempts = loaded.paymentAttempts
        order.openedAtMs = loaded.openedAtMs
        order.paidAtMs = loaded.paidAtMs
        order.finishedAtMs = loaded.finishedAtMs
        order.pickupCode = loaded.pickupCode
        order.villagerName = loaded.villagerName
        order.phone = loaded.phone
        order.linesStored = true
        let amounts = loaded.totalFen >= 0 && loaded.changeFen >= 0 && order.cashAppliedFen >= 0
            && loaded.changeFen <= loaded.cashTenderedFen && loaded.codePaidFen >= 0 && loaded.creditPaidFen >= 0
        guard !loaded.phase.isCounterWork, amounts,
              Money.add(order.cashAppliedFen, order.codePaidFen).flatMap({ Money.add($0, order.creditPaidFen) }) != nil,
              loaded.phase.isFinal || order.dueFen == 0,
              order.codePaidFen == 0 || order.approvedPayment != nil,
              order.creditPaidFen == 0 || order.creditAccount != nil
        else { throw Refusal(.orderNotLoadable, detail: Int64(loaded.id)) }
        guard let slot = freeSlot() else { throw Refusal(.tooManyOpenOrders, detail: Int64(limits.maxOpenOrders)) }
        if slot == currentSlot { currentSlot = -1 }
        orders[slot] = order
        touch(slot)
    }

    func select(_ id: OrderID) throws(Refusal) {
        let slot = try requireOrder(id)
        currentSlot = slot
        touch(slot)
        notice(.orderSelected, Int64(id))
    }

    /// The current order's slot when its lines may change: open, or totalled with nothing paid.
    func requireEditable() throws(Refusal) -> Int {
        let slot = try requireCurrent()
        let order = orders[slot]
        switch order.phase {
        case .open: return slot
        case .totalled where order.cashAppliedFen == 0: return slot
        case .totalled: throw Refusal(.orderNotOpen)
        case .paying: throw Refusal(.paymentInProgress)
        case .closed, .cancelled, .voided: throw Refusal(.orderFinished)
        case .paid, .awaitingFulfilment, .ordered, .arrived: throw Refusal(.orderAlreadyPaid)
        }
    }

    func addLine(_ scan: ProductScan) throws(Refusal) {
        let slot = try requireEditable()
        guard !isBillOrder(slot) else { throw Refusal(.billOnItsOwnOrder) }
        try requireGoodsOrder(slot)
        var order = orders[slot]
        guard Int(order.lineCount) < limits.maxLinesPerOrder else {
            throw Refusal(.orderFull, detail: Int64(limits.maxLinesPerOrder))
        }
        let quantity: Int64
        if entry.isEmpty {
            quantity = Int64(scan.quantity)
        } else {
            guard let keyed = entry.wholeNumber else { throw Refusal(.invalidQuantity) }
            quantity = keyed
        }
        guard quantity >= 1, quantity <= Self.maximumQuantity else { throw Refusal(.invalidQuantity, detail: quantity) }
        guard scan.unitPriceFen >= 0 else { throw Refusal(.invalidAmount, detail: scan.unitPriceFen) }
        guard let amount = Money.multiply(scan.unitPriceFen, by: quantity),
              let total = Money.add(order.totalFen, amount)
        else { throw Refusal(.amountOverflow) }
        var line = OrderLine()
        line.barcode = scan.barcode
        line.catalogRef = scan.catalogRef
        line.unitPriceFen = scan.unitPriceFen
        line.quantity = Int32(quantity)
        line.amountFen = amount
        lineBase(slot)[Int(order.lineCount)] = line
        order.lineCount += 1
        order.totalFen = total
        order.phase = .open
        orders[slot] = order
        entry = KeypadEntry()
        linesChanged(slot)
    }

    func setLastLineQuantity(_ quantity: Int64) throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard order.lineCount > 0 else { throw Refusal(.orderEmpty) }
        guard !isBillOrder(slot) else { throw Refusal(.billOnItsOwnOrder) }
        try requireGoodsOrder(slot)
        let index = Int(order.lineCount) - 1
        var line = lineBase(slot)[index]
        guard !line.isVoided else { throw Refusal(.lineAlreadyVoided, detail: Int64(index + 1)) }
        guard quantity >= 1, quantity <= Self.maximumQuantity else { throw Refusal(.invalidQuantity, detail: quantity) }
        guard let amount = Money.multiply(line.unitPriceFen, by: quantity),
              let withoutLine = Money.subtract(order.totalFen, line.amountFen),
              let total = Money.add(withoutLine, amount)
        else { throw Refusal(.amountOverflow) }
        line.quantity = Int32(quantity)
        line.amountFen = amount
        lineBase(slot)[index] = line
        order.totalFen = total
        order.phase = .open
        orders[slot] = order
        linesChanged(slot)
    }

    func removeLastLine() throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard order.lineCount > 0 else { throw Refusal(.orderEmpty) }
        let index = Int(order.lineCount) - 1
        let line = lineBase(slot)[index]
        if !line.isVoided { order.totalFen -= line.amountFen }
        lineBase(slot)[index] = OrderLine()
        order.lineCount -= 1
        order.phase = .open
        orders[slot] = order
        linesChanged(slot)
    }

    func voidLine(_ number: Int64) throws(Refusal) {
        let slot = try requireEditable()
        var order = orders[slot]
        guard number >= 1, number <= Int64(order.lineCount) else { throw Refusal(.lineNotFound, detail: number) }
        let index = Int(number) - 1
        guard !lineBase(slot)[index].isVoided else { throw Refusal(.lineAlreadyVoided, detail: number) }
        lineBase(slot)[index].isVoided = true
        order.totalFen -= lineBase(slot)[index].amountFen
        order.phase = .open
        orders[slot] = order
        linesChanged(slot)
    }

    private func linesChanged(_ slot: Int) {
        touch(slot)
        notice(.linesChanged, orders[slot].totalFen, Int64(orders[slot].lineCount))
    }

    func total() throws(Refusal) {
        let slot = try requirePayable()
        orders[slot].phase = .totalled
        touch(slot)
        notice(.amountDue, orders[slot].dueFen)
    }

    /// The current order's slot when it can take a tender: totalled, or open with a total.
    func requirePayable() throws(Refusal) -> Int {
        let slot = try requireCurrent()
        let order = orders[slot]
        switch order.phase {
        case .open:
            guard order.totalFen > 0 else { throw Refusal(.orderEmpty) }
            return slot
        case .totalled: return slot
        case .paying: throw Refusal(.paymentInProgress)
        case .closed, .cancelled, .voided: throw Refusal(.orderFinished)
        case .paid, .awaitingFulfilment, .ordered, .arrived: throw Refusal(.orderAlreadyPaid)
        }
    }

    func cancel(now: Int64) throws(Refusal) {
        let slot = try requireCurrent()
        var order = orders[slot]
        switch order.phase {
        case .open, .totalled: break
        case .paying: throw Refusal(.paymentInProgress)
        case .closed, .cancelled, .voided: throw Refusal(.orderFinished)
        case .paid, .awaitingFulfilment, .ordered, .arrived: throw Refusal(.orderAlreadyPaid)
        }
        order.phase = .cancelled
        order.finishedAtMs = now
        orders[slot] = order
        touch(slot)
        if order.cashAppliedFen > 0 {
            emit(.refund(Refund(orderID: order.id, method: .cash, amountFen: order.cashAppliedFen, paymentKey: nil)))
            emit(.openDrawer)
        }
        notice(.orderCancelled, order.cashAppliedFen)
    }
}
