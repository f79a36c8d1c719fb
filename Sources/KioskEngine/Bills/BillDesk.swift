import KioskCore
import KioskStore
import Logging

/// The bills service (缴费) beside the counter: looks an account up, puts the bill on a counter order of
/// its own, and once the counter has the money pays the biller; queries what the biller has not settled,
/// prints the proof (or the 处理中 slip), and gives the money back the way it was paid when the biller
/// refuses.
///
/// Every change is one entry in the `bills` journal domain, committed with the bill's row, its outbox
/// items and its papers before any request leaves the station (``StationEngine/commitService(_:work:nowMs:)``);
/// the decisions are ``KioskCore/BillRules``'s. At start it resumes from the store: a bill in flight is
/// queried under its key (never paid twice), a refund left pending is carried out again.
public final class BillDesk {
    unowned let engine: StationEngine
    let store: BillStore
    public let rules: BillRules
    /// The billers offered: the board's, or the county's list once one is applied (``use(_:)``); none on
    /// a station with no agent service to pay them through.
    public private(set) var billers: [Biller]
    /// The barcode each biller offered prints on its bills, by biller code: a scan of one opens the bill.
    public private(set) var barcodes: [String: BillBarcodeFormat]
    /// The names of billers not offered, by code, as last known (offered earlier, or read from a bill's
    /// opening entry): the papers and screen lines of their bills still in flight use them.
    private var formerNames: [String: String] = [:]
    /// The last lookup the agent service answered: the operator opens the bill from it.
    public private(set) var lastLookup: (biller: Biller, account: String, lookup: BillLookup?)?
    /// The lookup sent and not yet answered, with the biller it was sent for (kept should the biller
    /// list change before the answer comes).
    private var lookupSent: (biller: Biller, account: String)?
    /// A bill's barcode was scanned: its bill opens as soon as the lookup answers, for the amount printed
    /// on it when the rules allow that amount, else for the amount due.
    private var openWhenLookedUp: (billerCode: String, account: String, printedFen: Int64?)?
    /// Where the keypad's bill sequence stands.
    var keypadStep = BillKeypadStep.idle
    /// Counter orders of bills not yet paid there: order → bill.
    private var watchedOrders: [Int64: Int64] = [:]
    /// Bills the biller has not settled: bill → when it is next queried.
    private var queriesDue: [Int64: Int64] = [:]
    /// Refunds of failed bills not yet reported done: bill → their outbox keys.
    private var refundsLeft: [Int64: Set<String>] = [:]
    /// When the earliest query timer handed to the inbox fires.
    private var sweepAtMs: Int64?
    private let documents: BillDocuments

    init(engine: StationEngine, database: KioskDatabase) {
        self.engine = engine
        self.store = BillStore(database: database)
        let configuration = engine.configuration
        self.rules = BillRules(policy: configuration.billPolicy)
        self.billers = configuration.paysBills ? configuration.billers : []
        self.barcodes = configuration.billBarcodes
        self.documents = BillDocuments(printer: configuration.printer, header: configuration.receiptHeader,
                                       stationID: configuration.stationID, locale: configuration.locale)
    }

    /// Offers the county's biller list from now on (applied between orders): lookups, bill barcodes, the
    /// keypad's bill keys and the screen take its billers. A bill already opened keeps its biller: it is
    /// stored with its code and kind, and its papers keep the name it was opened under. A station with no
    /// agent service offers no billers, whatever the list.
    public func use(_ list: BillerListFile.List) {
        guard engine.configuration.paysBills else { return }
        for biller in billers { formerNames[biller.code] = biller.name }
        billers = list.billers
        barcodes = list.barcodes
    }

    // MARK: The operator's steps

    /// Asks the agent service who holds `account` at `billerCode` and what is due; the answer comes back
    /// through the inbox (``lastLookup``). Returns a refusal when the request cannot be sent.
    @discardableResult
    public func lookUp(billerCode: String, account: String, nowMs: Int64) -> BillRefusal? {
        sendLookup(billerCode: billerCode, account: account, thenOpenFor: nil, nowMs: nowMs)
    }

    /// A scanner read the scan classifier found no product, payment or command in: when it is the barcode
    /// a biller prints on its bills (the board's `barcode:` formats), the account is looked up and the bill
    /// opens at the counter when the biller answers. Returns whether the read was a bill's.
    func takeScan(_ content: [UInt8], _ classification: ScanClassification, nowMs: Int64) -> Bool {
        switch classification {
        case .freeText, .rejected(.unknownDigits): break
        default: return false
        }
        for biller in billers {
            guard let format = barcodes[biller.code], let found = format.match(content) else { continue }
            keypadStep = .idle
            sendLookup(billerCode: biller.code, account: found.account, thenOpenFor: .some(found.amountFen), nowMs: nowMs)
            return true
        }
        return false
    }

    /// Sends a lookup; with `thenOpenFor` set (the amount printed on a scanned bill, nil inside when none),
    /// the bill opens when the answer comes.
    @discardableResult
    func sendLookup(billerCode: String, account: String, thenOpenFor printed: Int64??, nowMs: Int64) -> BillRefusal? {
        engine.advance(toMs: nowMs)
        openWhenLookedUp = nil
        guard let biller = biller(billerCode) else { return refuse(.unknownBiller, nowMs: nowMs) }
        guard BillMasking.isValid(account, kind: biller.kind) else { return refuse(.accountInvalid, nowMs: nowMs) }
        lastLookup = nil
        lookupSent = (biller, account)
        if let printed { openWhenLookedUp = (billerCode, account, printed) }
        engine.ports.workers.start(.bill(.lookUp(billerCode: billerCode, account: account)), nowMs: nowMs,
                                   reports: engine.inbox)
        engine.advance(toMs: nowMs)
        return nil
    }

    /// Opens the bill of the last lookup for `amountFen` (nil: the amount due) on a new counter order,
    /// which becomes current: the operator takes the money as for any sale. Returns the bill's number.
    public func open(amountFen: Int64?, nowMs: Int64) -> Result<Int64, BillRefusal> {
        engine.advance(toMs: nowMs)
        guard let (biller, account, found) = lastLookup, let lookup = found else {
            return .failure(refuse(.notLookedUp, nowMs: nowMs))
        }
        let amount = amountFen ?? lookup.dueFen
        if let refusal = rules.refusal(amountFen: amount, lookup: lookup) { return .failure(refuse(refusal, nowMs: nowMs)) }
        guard let id = try? store.nextBillID(), let line = UInt32(exactly: id) else {
            return .failure(refuse(.counterRefused, nowMs: nowMs))
        }
        guard engine.submit(.newOrder, nowMs: nowMs), let orderID = engine.machine.currentOrderID else {
            return .failure(.counterRefused)
        }
        let opening = BillOpening(biller: biller, account: account, lookup: lookup, amountFen: amount, orderID: Int64(orderID))
        guard apply(BillEvent(timeMs: nowMs, billID: id, .opened(opening))) != nil else {
            engine.submit(.cancelOrder, nowMs: nowMs)
            return .failure(.counterRefused)
        }
        lastLookup = nil
        guard engine.submit(.billLine(BillLine(billID: line, amountFen: amount)), nowMs: nowMs) else {
            engine.submit(.cancelOrder, nowMs: nowMs)
            return .failure(.counterRefused)
        }
        engine.advance(toMs: nowMs)
        return .success(id)
    }

    /// Asks the biller about bill `id` now (the shell's `bills query N`); false when it is not waiting on the biller.
    @discardableResult
    public func query(_ id: Int64, nowMs: Int64) -> Bool {
        engine.advance(toMs: nowMs)
        guard let bill = try? store.bill(id), bill.phase.isUnconfirmed else { return false }
        let queried = apply(BillEvent(timeMs: nowMs, billID: id, .queryDue)) != nil
        engine.advance(toMs: nowMs)
        return queried
    }

    /// Gives a given-up bill's money back the way it was paid (the shell's `bills refund N`, once the
    /// technician has confirmed with the biller that it holds no payment); false when bill `id` is not given up.
    @discardableResult
    public func refundGivenUp(_ id: Int64, nowMs: Int64) -> Bool {
        engine.advance(toMs: nowMs)
        guard let bill = try? store.bill(id), bill.phase == .givenUp else { return false }
        let refunded = apply(BillEvent(timeMs: nowMs, billID: id, .refundOrdered)) != nil
        engine.advance(toMs: nowMs)
        return refunded
    }

    /// Prints again the papers of the newest bills paid for `account` (a phone, meter or ID number): the
    /// proof of each the biller took, the 处理中 slip of each it has not settled. Returns how many.
    @discardableResult
    public func reprint(account: String, nowMs: Int64, limit: Int = 3) -> Int {
        engine.advance(toMs: nowMs)
        guard let bills = try? store.bills(account: account, limit: limit) else { return 0 }
        var printed = 0
        for bill in bills where bill.phase == .succeeded || bill.phase.awaitsBiller {
            if apply(BillEvent(timeMs: nowMs, billID: bill.id, .reprinted)) != nil { printed += 1 }
        }
        if printed == 0 {
            tell("BILL_NOTHING_TO_REPRINT", zh: "这个号码没有可补打的缴费", en: "no bill paper to print for that number", nowMs: nowMs)
        }
        return printed
    }

    /// Bill `id` as stored.
    public func bill(_ id: Int64) -> Bill? { try? store.bill(id) }

    /// Bills the biller has not settled, given up ones included, oldest first.
    public func pendingBills() -> [Bill] { (try? store.bills(in: [.sent, .pending, .givenUp])) ?? [] }

    /// Every bill, oldest first (reports).
    public func allBills() -> [Bill] { (try? store.allBills()) ?? [] }

    /// When bill `id` is next queried, while it waits on the biller.
    public func nextQueryAtMs(_ id: Int64) -> Int64? { queriesDue[id] }

    /// Opens a scanned bill once looked up: for the amount printed on it when the rules take it, else for
    /// the amount due; a top-up with nothing due waits for the amount (`bills open`, or the bill key).
    private func openScanned(_ lookup: BillLookup, printedFen: Int64?, nowMs: Int64) {
        if let printedFen, rules.refusal(amountFen: printedFen, lookup: lookup) == nil {
            _ = open(amountFen: printedFen, nowMs: nowMs)
        } else if lookup.dueFen > 0 {
            _ = open(amountFen: nil, nowMs: nowMs)
        } else {
            tell("BILL_AMOUNT_NEEDED", zh: "请输入缴费金额", en: "key the amount to pay", nowMs: nowMs)
        }
    }

    // MARK: Inputs

    func handle(_ input: BillInput, nowMs: Int64) {
        switch input {
        case .counterOrderChanged(let orderID):
            guard let billID = watchedOrders[orderID], let order = engine.machine.order(OrderID(truncatingIfNeeded: orderID))
            else { return }
            if order.phase.isPaid || (order.phase == .closed && order.paidAtMs > 0) {
                apply(BillEvent(timeMs: nowMs, billID: billID, .paidAtCounter))
            } else if order.phase == .cancelled {
                apply(BillEvent(timeMs: nowMs, billID: billID, .cancelledAtCounter))
            }
        case .lookedUp(let billerCode, let account, let lookup):
            guard let (biller, sentAccount) = lookupSent, biller.code == billerCode, sentAccount == account else { return }
            lookupSent = nil
            lastLookup = (biller, account, lookup)
            if let lookup {
                let due = Money.format(fen: lookup.dueFen)
                tell("BILL_LOOKED_UP", zh: "\(biller.name) 户名 \(lookup.holderMasked) 应缴 \(due)",
                     en: "\(biller.name) holder \(lookup.holderMasked) due \(due)", nowMs: nowMs)
            } else {
                tell("BILL_ACCOUNT_NOT_FOUND", zh: "\(biller.name) 查无此户", en: "\(biller.name): no such account", nowMs: nowMs)
            }
            if let scanned = openWhenLookedUp, scanned == (billerCode, account, scanned.printedFen) {
                openWhenLookedUp = nil
                if let lookup { openScanned(lookup, printedFen: scanned.printedFen, nowMs: nowMs) }
            }
        case .answered(let billID, let answer):
            apply(BillEvent(timeMs: nowMs, billID: billID, .answered(answer)))
        case .queriesDue:
            sweepAtMs = nil
            for (billID, dueMs) in queriesDue.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where dueMs <= nowMs {
                askOrGiveUp(billID, nowMs: nowMs)
            }
            if let next = queriesDue.values.min() { scheduleSweep(atMs: next) }
        }
    }

    /// A worker carried out outbox item `key`: a refund of a failed bill ends the bill once all of its are done.
    func effectDone(_ key: String, nowMs: Int64) {
        guard key.hasPrefix("bill-refund:"),
              let billID = key.split(separator: ":").dropFirst().first.flatMap({ Int64($0) }),
              var left = refundsLeft[billID], left.remove(key) != nil
        else { return }
        refundsLeft[billID] = left
        if left.isEmpty {
            refundsLeft[billID] = nil
            apply(BillEvent(timeMs: nowMs, billID: billID, .refundDone))
        }
    }

    /// At start: bills caught between steps go on from the store.
    func resume(nowMs: Int64) {
        guard let bills = try? store.bills(in: [.awaitingCounter, .sent, .pending, .refunding]), !bills.isEmpty else { return }
        let pendingRefunds = ((try? engine.journal.pendingOutbox()) ?? []).filter { $0.kind == "bill-refund" }
        for bill in bills {
            switch bill.phase {
            case .awaitingCounter:
                let stored = try? engine.journal.order(bill.orderID)
                if let stored, stored.state.isPaid || stored.state == .closed {
                    apply(BillEvent(timeMs: nowMs, billID: bill.id, .paidAtCounter))
                } else if let stored, stored.state.isFinal {
                    apply(BillEvent(timeMs: nowMs, billID: bill.id, .cancelledAtCounter))
                } else {
                    watchedOrders[bill.orderID] = bill.id
                }
            case .sent, .pending:
                // Whether the payment or its answer was lost is unknown: ask, under the same key.
                askOrGiveUp(bill.id, nowMs: nowMs)
            case .refunding:
                let items = pendingRefunds.filter { $0.idempotencyKey.hasPrefix("bill-refund:\(bill.id):") }
                guard !items.isEmpty else {
                    apply(BillEvent(timeMs: nowMs, billID: bill.id, .refundDone))
                    continue
                }
                refundsLeft[bill.id] = Set(items.map(\.idempotencyKey))
                for item in items {
                    guard let refund = Self.refund(item, orderID: bill.orderID) else { continue }
                    engine.ports.workers.start(.refund(refund, outboxKey: item.idempotencyKey), nowMs: nowMs, reports: engine.inbox)
                }
            case .succeeded, .refunded, .cancelled, .givenUp:
                continue
            }
        }
    }

    /// A query of bill `billID` is due: asks the biller, or gives the bill up once its deadline has passed.
    private func askOrGiveUp(_ billID: Int64, nowMs: Int64) {
        guard let bill = try? store.bill(billID) else { return }
        let isPastDeadline = bill.paidAtMs > 0 && nowMs >= rules.policy.giveUpAtMs(bill)
        apply(BillEvent(timeMs: nowMs, billID: billID, isPastDeadline ? .gaveUp : .queryDue))
    }

    // MARK: Entries

    /// Decides `event` against the stored bill, commits what it records, and carries out its effects.
    /// Returns the bill as it now is, or nil when it was refused or the store refused the commit.
    ///
    /// Inputs due by then are handled first (the commit would handle them before it writes): the bill is
    /// read after them, so a decision is never made on a row an earlier input is about to change.
    @discardableResult
    func apply(_ event: BillEvent) -> Bill? {
        engine.advance(toMs: event.timeMs)
        let current: Bill?
        do { current = try store.bill(event.billID) } catch { return nil }
        switch rules.apply(event, to: current) {
        case .refused(let refusal):
            refuse(refusal, nowMs: event.timeMs)
            return nil
        case .unchanged(let note):
            engine.logger.info("a bill entry changed nothing", metadata: [
                "bill": "\(event.billID)", "entry": "\(event.kindName)", "note": "\(note)",
            ])
            return current
        case .record(let bill, let effects):
            return record(event, bill, effects) ? bill : nil
        }
    }

    private func record(_ event: BillEvent, _ decided: Bill, _ effects: [BillEffect]) -> Bool {
        let nowMs = event.timeMs
        var bill = decided
        let refunds = effects.contains(.refund) ? refundsOfOrder(bill) : []
        if effects.contains(.refund) {
            bill.refundedCashFen = refunds.filter { $0.method == .cash }.reduce(0) { $0 + $1.amountFen }
        }
        let sequence = engine.sequence + 1
        var commit = JournalCommit(eventPayload: event.encoded, eventKind: event.kindName, recordedAtMs: nowMs, domain: .bills)
        commit.writes = [BillStore.write(bill)]
        var work: [WorkItem] = []
        let name = billerName(bill.billerCode)
        let payment = BillerPayment(billID: bill.id, key: bill.idempotencyKey(stationID: engine.configuration.stationID),
                                    billerCode: bill.billerCode, account: bill.account, amountFen: bill.amountFen)
        for effect in effects {
            switch effect {
            case .payBiller:
                let key = "bill-pay:\(bill.id):\(sequence)"
                commit.outbox.append(OutboxItem(idempotencyKey: key, kind: "bill-pay", payload: Array(payment.key.utf8)))
                work.append(.bill(.pay(payment, outboxKey: key)))
            case .queryBiller:
                let key = "bill-query:\(bill.id):\(sequence)"
                commit.outbox.append(OutboxItem(idempotencyKey: key, kind: "bill-query", payload: Array(payment.key.utf8)))
                work.append(.bill(.query(payment, outboxKey: key)))
            case .scheduleQuery:
                break
            case .refund:
                for (index, refund) in refunds.enumerated() {
                    let key = "bill-refund:\(bill.id):\(index + 1)"
                    commit.outbox.append(OutboxItem(idempotencyKey: key, kind: "bill-refund",
                                                    payload: Array("\(refund.method.rawValue) \(refund.amountFen) \(refund.paymentKey?.text ?? "-")".utf8)))
                    work.append(.refund(refund, outboxKey: key))
                }
            case .printProof, .reprintProof:
                commit.printJobs.append(document(documents.proof(bill, billerName: name, isReprint: effect == .reprintProof)))
            case .printPendingSlip:
                commit.printJobs.append(document(documents.pendingSlip(bill, billerName: name)))
            case .printRefundSlip:
                commit.printJobs.append(document(documents.refundSlip(bill, billerName: name, refunds: refunds, atMs: nowMs)))
            case .printGivenUpSlip:
                commit.printJobs.append(document(documents.givenUpSlip(bill, billerName: name)))
            case .flagTechnician:
                commit.audit.append(AuditRecord(at_ms: nowMs, who: "biller \(bill.billerCode)", command: "bill \(bill.id)",
                                                outcome: bill.flag ?? "flagged"))
            }
        }
        guard engine.commitService(commit, work: work, nowMs: nowMs) != nil else { return false }
        remember(bill, effects: effects, refundKeys: refunds.indices.map { "bill-refund:\(bill.id):\($0 + 1)" }, nowMs: nowMs)
        announce(bill, event: event, effects: effects, nowMs: nowMs)
        return true
    }

    /// Keeps the in-memory watches in step with what was committed.
    private func remember(_ bill: Bill, effects: [BillEffect], refundKeys: [String], nowMs: Int64) {
        if bill.phase == .awaitingCounter { watchedOrders[bill.orderID] = bill.id } else { watchedOrders[bill.orderID] = nil }
        if !bill.phase.awaitsBiller { queriesDue[bill.id] = nil }
        for case .scheduleQuery(let atMs) in effects {
            queriesDue[bill.id] = atMs
            scheduleSweep(atMs: atMs)
        }
        if bill.phase.isSettled { finishRequests(of: bill.id, nowMs: nowMs) }
        if bill.phase == .refunding, effects.contains(.refund) {
            refundsLeft[bill.id] = Set(refundKeys)
            if refundKeys.isEmpty {
                engine.logger.error("a failed bill's order holds no payment to give back", metadata: ["bill": "\(bill.id)"])
            }
        }
    }

    private func announce(_ bill: Bill, event: BillEvent, effects: [BillEffect], nowMs: Int64) {
        let amount = Money.format(fen: bill.amountFen)
        if bill.phase == .givenUp, case .gaveUp = event.action {
            engine.logger.error("a bill was given up on the biller: for the technician", metadata: [
                "bill": "\(bill.id)", "biller": "\(bill.billerCode)", "flag": "\(bill.flag ?? "")",
            ])
            tell("BILL_GIVEN_UP", zh: "缴费 \(bill.id) 超时未确认，款项 \(amount) 暂存，已通知技术员",
                 en: "bill \(bill.id): no answer in time, \(amount) held for the technician", nowMs: nowMs)
            return
        }
        if effects.contains(.flagTechnician) {
            engine.logger.error("a biller's answer contradicts a settled bill: for the technician", metadata: [
                "bill": "\(bill.id)", "biller": "\(bill.billerCode)", "flag": "\(bill.flag ?? "")",
            ])
            tell("BILL_FLAGGED", zh: "缴费 \(bill.id) 结果异常，已通知技术员", en: "bill \(bill.id): contradictory answer, flagged",
                 nowMs: nowMs)
            return
        }
        switch (event.action, bill.phase) {
        case (.answered, .succeeded):
            tell("BILL_PAID", zh: "缴费成功 \(amount)，打印凭证", en: "bill paid \(amount): proof printed", nowMs: nowMs)
        case (.answered, .pending):
            tell("BILL_PENDING", zh: "缴费处理中，打印处理中单", en: "bill processing: slip printed", nowMs: nowMs)
        case (.refundOrdered, .refunding):
            tell("BILL_REFUNDED", zh: "缴费 \(bill.id) 原路退款 \(amount)", en: "bill \(bill.id): \(amount) refunded", nowMs: nowMs)
        case (.answered, .refunding):
            tell("BILL_FAILED", zh: "缴费失败，原路退款 \(amount)", en: "bill failed: \(amount) refunded", nowMs: nowMs)
        case (.paidAtCounter, _):
            tell("BILL_SENT", zh: "已收款，正在缴费", en: "paid: sending the bill", nowMs: nowMs)
        default:
            break
        }
    }

    // MARK: Helpers

    /// Payments and queries of a settled bill whose answers never came (lost, or cut off by a restart): their
    /// outbox rows are done, so the station's pending effects are the ones still to do.
    private func finishRequests(of billID: Int64, nowMs: Int64) {
        guard let pending = try? engine.journal.pendingOutbox() else { return }
        for item in pending where item.idempotencyKey.hasPrefix("bill-pay:\(billID):") || item.idempotencyKey.hasPrefix("bill-query:\(billID):") {
            engine.finishOutbox(item.idempotencyKey, nowMs: nowMs)
        }
    }

    /// Hands a query timer to the inbox unless an earlier one is already there.
    private func scheduleSweep(atMs: Int64) {
        if let sweepAtMs, sweepAtMs <= atMs { return }
        sweepAtMs = atMs
        engine.inbox.report(.bill(.queriesDue), atMs: atMs)
    }

    /// The money taken on the bill's counter order, to give back the way it came: cash from the drawer,
    /// a code's charge through the acquirer.
    private func refundsOfOrder(_ bill: Bill) -> [Refund] {
        let orderID = OrderID(truncatingIfNeeded: bill.orderID)
        guard let payments = try? engine.journal.payments(of: bill.orderID) else { return [] }
        return payments.filter { $0.state == .approved }.compactMap { payment in
            switch payment.method {
            case "cash":
                return Refund(orderID: orderID, method: .cash, amountFen: payment.amountFen, paymentKey: nil)
            case "credit":
                return nil
            default:
                guard let key = PaymentKey(text: payment.idempotencyKey) else { return nil }
                return Refund(orderID: orderID, method: .paymentCode, amountFen: payment.amountFen, paymentKey: key)
            }
        }
    }

    private static func refund(_ item: OutboxItem, orderID: Int64) -> Refund? {
        let fields = String(decoding: item.payload, as: UTF8.self).split(separator: " ")
        guard fields.count == 3, let method = UInt8(fields[0]).flatMap(Refund.Method.init(rawValue:)),
              let amount = Int64(fields[1])
        else { return nil }
        return Refund(orderID: OrderID(truncatingIfNeeded: orderID), method: method, amountFen: amount,
                      paymentKey: PaymentKey(text: fields[2]))
    }

    private func document(_ bytes: [UInt8]) -> PrintJobRequest {
        PrintJobRequest(orderID: nil, isReprint: false, bytes: bytes, kind: .billDocument)
    }

    private func biller(_ code: String) -> Biller? { billers.first { $0.code == code } }

    /// The name of biller `code` for papers and screens: the one offered, else the one it had when it was
    /// last offered (its bills still in flight), else the one its last bill was opened under, else the code.
    public func billerName(_ code: String) -> String {
        if let name = biller(code)?.name ?? formerNames[code] { return name }
        let name = openedName(code) ?? code
        formerNames[code] = name
        return name
    }

    /// The name biller `code` had when a bill of it was last opened, read from the bills journal: for a
    /// bill in flight of a biller no longer offered after a restart (a county list dropped it).
    private func openedName(_ code: String) -> String? {
        var name: String?
        try? engine.journal.forEachEvent(in: .bills) { _, payload in
            guard let entry = try? BillEvent(decoding: payload), case .opened(let opening) = entry.action,
                  opening.biller.code == code
            else { return }
            name = opening.biller.name
        }
        return name
    }

    @discardableResult
    private func refuse(_ refusal: BillRefusal, nowMs: Int64) -> BillRefusal {
        tell("BILL_REFUSED", zh: refusal.text(zh: true), en: refusal.text(zh: false), nowMs: nowMs)
        return refusal
    }

    func tell(_ code: String, zh: String, en: String, nowMs: Int64) {
        engine.show(.bill(code: code, zh: zh, en: en), nowMs: nowMs)
    }
}
