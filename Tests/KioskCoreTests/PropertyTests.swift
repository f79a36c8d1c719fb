import KioskCore
import Testing

/// Random operator, gateway and printer events, biased towards things that can happen next.
struct EventStream {
    var random: SplitMix64
    var knownKeys: [PaymentKey] = []
    var assistedOrders: [OrderID] = []
    /// Short scripted bursts (a rush of code payments, a huge order) so capacity and overflow
    /// refusals are reached, not just hoped for.
    var planned: [CoreAction] = []
    var now: Int64 = 1_700_000_000_000
    /// Every order as last persisted: the store, from which an order that left the table is loaded back
    /// when an event names it, as the runtime does.
    var stored: [OrderID: LoadedOrder] = [:]
    var loading = false

    /// The commands that reach the machine: the engine takes `#DAY-CLOSE` (the day's close) before it.
    /// Payment QRs (扫码付) come with the tenders.
    static let counterCommands = CommandCode.allCases.filter {
        $0 != .dayClose && $0 != .presentWeChatQR && $0 != .presentAlipayQR
    }
    static let qrCommands: [CommandCode] = [.presentWeChatQR, .presentAlipayQR]
    static let codes = ["134567890123456789", "281234567890123456", "6212345678901234567"].map { PaymentCode(digits: $0)! }

    mutating func next(for machine: KioskMachine) -> CoreEvent {
        now += Int64.random(in: 1 ... 40_000, using: &random)
        return CoreEvent(timeMs: now, action(for: machine))
    }

    mutating func action(for machine: KioskMachine) -> CoreAction {
        let action = chosenAction(for: machine)
        // Once per action: the action follows its load, whether the load was accepted or refused.
        if !loading, let id = action.namedOrder, machine.order(id) == nil, let order = stored[id],
           !order.phase.isCounterWork {
            loading = true
            planned.insert(action, at: 0)
            return .orderLoaded(order)
        }
        loading = false
        return action
    }

    mutating func chosenAction(for machine: KioskMachine) -> CoreAction {
        if !planned.isEmpty { return planned.removeFirst() }
        let roll = Int.random(in: 0 ..< 100, using: &random)
        if roll == 99, Bool.random(using: &random) {
            let scan = Counter.scan(Int64.max / 3, quantity: 2)
            planned = [.newOrder, scan, scan]
            return planned.removeFirst()
        }
        if roll == 98 {
            planned = [.cancelOrder, .newOrder, Counter.scan(100), .tenderCode(Self.codes[0]), .newOrder, Counter.scan(200),
                       .tenderCode(Self.codes[1])]
            return planned.removeFirst()
        }
        switch roll {
        case 0 ..< 5: return .newOrder
        case 5 ..< 7:
            return .newAssistedOrder(AssistedOrderRequest(
                villagerName: FixedBytes64(utf8: "李四")!, phone: FixedBytes16(utf8: "13900000000")!,
                pickupSeed: random.next()
            ))
        case 7 ..< 9: return .selectOrder(OrderID.random(in: max(6, machine.nextOrderID) - 5 ... machine.nextOrderID, using: &random))
        case 9 ..< 31:
            let huge = Int.random(in: 0 ..< 40, using: &random) == 0
            return .productScanned(ProductScan(
                barcode: FixedBytes32(utf8: "6901234567892")!,
                unitPriceFen: huge ? Int64.max / 3 : Int64.random(in: 0 ... 5000, using: &random),
                catalogRef: Int64.random(in: 1 ... 100, using: &random),
                quantity: Int32.random(in: 0 ... 5, using: &random)
            ))
        case 31 ..< 38:
            guard machine.entry.digitCount < 2 else { return .command(.clearEntry) }
            return .key(.digit(UInt8.random(in: 0 ... 9, using: &random)))
        case 38: return .key(.point)
        case 39: return .key(.backspace)
        case 40 ..< 45: return .command(Self.counterCommands.randomElement(using: &random)!)
        case 45 ..< 47: return .setQuantity(Int32.random(in: -1 ... 12, using: &random))
        case 47 ..< 49: return .removeLastLine
        case 49 ..< 51: return .voidLine(Int32.random(in: 0 ... 8, using: &random))
        case 51 ..< 55: return .total
        case 55 ..< 58: return .tenderCash(fen: Int64.random(in: -10 ... 12000, using: &random))
        case 58 ..< 64: return .tenderCode(Self.codes.randomElement(using: &random)!)
        case 64: return .command(Self.qrCommands.randomElement(using: &random)!)
        case 65 ..< 67: return .tenderCredit(CreditAccountID.random(in: 1 ... 5, using: &random))
        case 67 ..< 79: return paymentEvent(for: machine)
        case 79 ..< 82: return .receiptConfirmed
        case 82 ..< 85:
            // The printer reports a receipt, of an order that may have left the table since it was paid.
            let paid = stored.values.filter { $0.phase == .paid }.map(\.id).sorted()
            return paid.randomElement(using: &random).map { .receiptPrinted($0) } ?? .receiptConfirmed
        case 85: return .reprintReceipt
        case 86 ..< 88: return .cancelOrder
        case 88 ..< 90:
            // An authorisation is for the next action only: mostly the void it was given for.
            if Bool.random(using: &random) { planned = [.voidOrder] }
            return .authorise(Authorisation(role: .supervisor, staffID: 1))
        case 90 ..< 92: return .voidOrder
        case 92 ..< 96: return fulfilmentEvent(for: machine)
        case 96 ..< 98: return .openCreditAccount(CreditAccountID.random(in: 1 ... 6, using: &random), limitFen: Int64.random(in: 0 ... 20000, using: &random))
        default: return .creditRepaid(CreditAccountID.random(in: 1 ... 5, using: &random), fen: Int64.random(in: -5 ... 3000, using: &random))
        }
    }

    mutating func paymentEvent(for machine: KioskMachine) -> CoreAction {
        let pending = machine.pendingPaymentKeys
        let stale = pending.isEmpty || Bool.random(using: &random)
        guard let key = (stale ? knownKeys.suffix(6) : pending[...]).randomElement(using: &random) else { return .total }
        switch Int.random(in: 0 ..< 9, using: &random) {
        case 0, 1: return .paymentAnswered(key, .approved)
        case 2: return .paymentAnswered(key, .declined)
        case 3: return .paymentAnswered(key, .error)
        case 4: return .paymentTimedOut(key)
        case 5: return .paymentQueried(key, .paid)
        case 6: return .paymentQueried(key, .notPaid)
        case 7: return .paymentQueried(key, .unknown)
        default: return .paymentReversed(key)
        }
    }

    mutating func fulfilmentEvent(for machine: KioskMachine) -> CoreAction {
        let waiting = assistedOrders.suffix(8).filter { stored[$0]?.phase.isFinal == false }
        guard let id = waiting.randomElement(using: &random) else { return .receiptConfirmed }
        // Mostly the step the order is at (an order loaded back may find the table full, so steps are
        // scarcer than when every waiting order kept its slot), sometimes any step.
        let step: Int = switch stored[id]?.phase {
        case .awaitingFulfilment?: 0
        case .ordered?: 1
        case .arrived?: Int.random(in: 2 ... 3, using: &random)
        default: Int.random(in: 0 ..< 4, using: &random)
        }
        switch Bool.random(using: &random) ? step : Int.random(in: 0 ..< 4, using: &random) {
        case 0: return .fulfilmentOrdered(id)
        case 1: return .fulfilmentArrived(id)
        case 2: return .pickedUp(id, pickupCode: stored[id]?.pickupCode ?? 0)
        default: return .pickedUp(id, pickupCode: UInt32.random(in: 0 ..< 1_000_000, using: &random))
        }
    }

    /// Learns payment keys, assisted orders and the orders' stored state from what the machine did.
    mutating func observe(_ machine: KioskMachine) {
        for effect in machine.effects {
            if case let .requestPayment(request) = effect { knownKeys.append(request.key) }
            if case let .persist(id?) = effect, let order = machine.order(id) { stored[id] = LoadedOrder(order) }
        }
        if let order = machine.currentOrderID.flatMap(machine.order), order.kind == .assisted,
           assistedOrders.last != order.id {
            assistedOrders.append(order.id)
        }
    }
}

extension LoadedOrder {
    /// What the store keeps of `order`, as the runtime loads it back.
    init(_ order: Order) {
        self.init(id: order.id, kind: order.kind, phase: order.phase, totalFen: order.totalFen,
                  cashTenderedFen: order.cashTenderedFen, changeFen: order.changeFen, codePaidFen: order.codePaidFen,
                  approvedPayment: order.approvedPayment, codeScheme: order.codeScheme, maskedCode: order.maskedCode,
                  creditPaidFen: order.creditPaidFen, creditAccount: order.creditAccount,
                  paymentAttempts: order.paymentAttempts, openedAtMs: order.openedAtMs, paidAtMs: order.paidAtMs,
                  finishedAtMs: order.finishedAtMs, pickupCode: order.pickupCode, villagerName: order.villagerName,
                  phone: order.phone)
    }
}

@Suite("Random event streams keep every invariant")
struct PropertyTests {
    static let smallLimits = try! CoreLimits(maxOpenOrders: 3, maxLinesPerOrder: 5, maxPendingPayments: 1, maxCreditAccounts: 3)

    @Test("12,000 random events per seed", arguments: [UInt64(1), 2, 3, 4])
    func randomStream(seed: UInt64) throws {
        let limits = seed == 4 ? CoreLimits.standard : Self.smallLimits
        let machine = KioskMachine(limits: limits)
        var stream = EventStream(random: SplitMix64(seed: seed))
        var journal: [[UInt8]] = []
        var approved: Set<PaymentKey> = []
        var requested: [PaymentKey: Int64] = [:]
        var refusals = 0
        var reasons: [RefusalReason: Int] = [:]
        var loads = 0
        for index in 0 ..< 12_000 {
            let event = stream.next(for: machine)
            let digest = machine.stateDigest()
            let outcome = machine.apply(event)
            let context = "seed \(seed) event \(index) \(event)"
            if case let .refused(refusal) = outcome {
                refusals += 1
                reasons[refusal.reason, default: 0] += 1
                #expect(machine.stateDigest() == digest, "\(context): a refused event changed the state")
                #expect(Array(machine.effects) == [.showMessage(.refused(refusal))], "\(context)")
            } else {
                if case .orderLoaded = event.action { loads += 1 }
                journal.append(event.encoded)
                guard case .persist = machine.effects.first else {
                    Issue.record("\(context): persist is not first")
                    return
                }
            }
            for effect in machine.effects {
                if case let .requestPayment(request) = effect {
                    #expect(requested[request.key] == nil, "\(context): one idempotency key per attempt")
                    requested[request.key] = request.amountFen
                }
            }
            if outcome == .accepted, let key = settledKey(event.action) {
                #expect(!approved.contains(key), "\(context): approved twice")
                approved.insert(key)
                let order = machine.order(key.orderID)
                #expect(order?.phase == .paid && order?.approvedPayment == key, "\(context): charged without a paid order")
                #expect(order?.codePaidFen == requested[key], "\(context): charged a different amount")
            }
            stream.observe(machine)
            try checkInvariants(machine, context)
        }
        #expect(refusals > 1000 && refusals < 11_000, "the stream should mix accepted and refused events")
        #expect(approved.count > 10, "the stream should approve some payments")
        #expect(loads > 20, "seed \(seed): orders that left the table should be loaded back")
        if limits == Self.smallLimits {
            for reason in [RefusalReason.orderFull, .tooManyOpenOrders, .tooManyPendingPayments, .amountOverflow,
                           .paymentStateMismatch, .creditLimitExceeded, .wrongPickupCode] {
                #expect(reasons[reason, default: 0] > 0, "seed \(seed): the stream never hit \(reason)")
            }
        }

        let replayed = KioskMachine(limits: limits)
        for bytes in journal {
            #expect(replayed.apply(try CoreEvent(decoding: bytes)) == .accepted)
        }
        #expect(replayed.hasSameState(as: machine), "seed \(seed): replay diverged")
        #expect(replayed.stateDigest() == machine.stateDigest())
    }

    func settledKey(_ action: CoreAction) -> PaymentKey? {
        switch action {
        case let .paymentAnswered(key, .approved), let .paymentQueried(key, .paid): key
        default: nil
        }
    }

    func checkInvariants(_ machine: KioskMachine, _ context: String) throws {
        if let violation = machine.invariantViolation() {
            Issue.record("\(context): \(violation)")
            throw CancellationError()
        }
        #expect(machine.openOrderCount <= machine.limits.maxOpenOrders, "\(context)")
        #expect(machine.pendingPaymentCount <= machine.limits.maxPendingPayments, "\(context)")
        let first = machine.nextOrderID > 64 ? machine.nextOrderID - 64 : 1
        for id in first ..< machine.nextOrderID {
            guard let order = machine.order(id) else { continue }
            let lines = machine.lines(of: id)
            #expect(lines.count <= machine.limits.maxLinesPerOrder, "\(context)")
            let sum = lines.filter { !$0.isVoided }.reduce(Int64(0)) { $0 + $1.amountFen }
            #expect(order.linesStored || sum == order.totalFen, "\(context): total is not the sum of the lines")
            #expect(order.cashAppliedFen + order.changeFen == order.cashTenderedFen, "\(context): paid + change ≠ tendered")
        }
    }
}
