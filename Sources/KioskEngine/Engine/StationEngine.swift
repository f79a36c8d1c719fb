import KioskCore
import KioskStore
import Logging

/// The station's event loop body: one input → the machine → one commit → return.
///
/// Every accepted event is committed — the journal entry, the rows it changes, and its effects as outbox
/// and print-job rows — before any effect starts. Effects then go to the workers (``EffectWorker``) as
/// work items; the engine never waits for a device or the network. A worker's outcome (a printed
/// receipt, a gateway's answer) comes back as an input through ``inbox`` and is handled like a scan.
///
/// Single-threaded and clock-free: every call carries the time, so the simulation drives it with a
/// simulated clock and a replay gives the same receipts. At construction it recovers: it replays the
/// journal into a fresh machine, settles charges whose outcome is unknown and reprints receipts whose
/// printing was not confirmed (see ``BootRecovery``).
public final class StationEngine {
    public let configuration: StationConfiguration
    /// The state machine (rebuilt from the store when a commit fails).
    public internal(set) var machine: KioskMachine
    /// Every this many journal entries the machine's state is committed with the entry (see
    /// ``MachineRebuild``): boot then replays at most this many events.
    public static let eventsPerSnapshot: Int64 = 500
    let journal: EventJournal
    /// The store, for the services beside the counter the engine runs itself (the keypad's day close).
    let database: KioskDatabase
    /// The keypad's day-close sequence (see ``DayCloseKeypad``).
    var dayCloseKeypad = DayCloseKeypad()
    let catalog: CatalogRepository
    let ports: StationPorts
    let logger: Logger
    let composer: ReceiptComposer
    private let keys: KeyTranslator
    /// Inputs due at a time: workers' reports and the engine's timers.
    public let inbox: InputQueue
    /// What each code charge is called at the acquirer.
    public let orderNumbers: MerchantOrderNumbers
    /// Who a credit account being opened is for, written with the event that opens it.
    private var accountBeingOpened: (id: Int64, name: String, maskedPhone: String)?
    /// The check every accepted event's state passes before it is committed, in every build: the
    /// machine's invariants (tests replace it to prove a failed check commits nothing).
    var invariantCheck: (KioskMachine) -> String? = { $0.invariantViolation() }
    /// The last journal sequence number committed.
    public private(set) var sequence: Int64 = 0
    /// The last message shown to the operator.
    public private(set) var lastMessage: String?
    /// What the last message said, kept as a value: its code is spelled out only when asked for.
    private var lastShown: ShownMessage?
    /// The code of the last message (`ORDER_PAID`, `ORDER_FULL`, `STORAGE_FULL`…), for scenario checks.
    public var lastMessageCode: String? {
        switch lastShown {
        case .station(let notice): notice.code
        case .core(let message): Self.code(of: message)
        case .service(let code, _): code
        case nil: nil
        }
    }
    /// The bytes of the last code read; kept raw, masked only when shown (every scan passes here).
    private var lastScanBytes: [UInt8]?
    /// The last code read, masked when it is a payment code (the shell's `scanner last`).
    public var lastScan: String? { lastScanBytes.map(Self.displayable) }
    /// Set while the store refuses writes (disk full): sales are refused until a write succeeds.
    public private(set) var storageProblem: StationNotice?
    /// What recovery did at boot.
    public internal(set) var recovery = RecoveryReport()
    /// Why the printer holds receipts (paper out, cover open, offline); nil while it prints.
    public private(set) var printerHold: PrinterHold?
    /// Print jobs handed to the printer worker and not yet reported; at most the board's print queue depth.
    private var printsInFlight = 0
    /// Print jobs waiting in the store (held, or behind the ones in flight): exact while the engine
    /// queues them, and kept at least 1 while a batch taken from the store may have left more behind;
    /// 0 means none wait, so a printed receipt need not look.
    var printsQueued = 0
    /// The lines last committed for an order, exactly as written: a receipt for that order is laid
    /// out from them instead of reading back rows this engine has just written.
    private var committedLines: (orderID: Int64, lines: [OrderLineRow])?
    /// The last payment QR a provider gave; shown while its payment is pending (see ``presentedQR``).
    private var shownQR: PresentedQR?
    /// Effects carried out whose outbox rows are marked done with the next commit rather than in a
    /// transaction (and an fsync) of their own; recovery settles them from the payments if the power goes first.
    private var effectsDone: [String] = []

    public init(configuration: StationConfiguration, database: KioskDatabase, ports: StationPorts, logger: Logger,
                nowMs: Int64) throws {
        self.configuration = configuration
        self.journal = EventJournal(database: database)
        self.database = database
        self.catalog = CatalogRepository(database: database)
        self.ports = ports
        self.logger = logger
        self.composer = ReceiptComposer(printer: configuration.printer, header: configuration.receiptHeader,
                                        footer: configuration.receiptFooter, stationID: configuration.stationID,
                                        locale: configuration.locale)
        self.keys = KeyTranslator(keyMap: configuration.keyMap)
        self.inbox = InputQueue(capacity: Self.inboxCapacity(configuration), logger: logger)
        self.orderNumbers = try MerchantOrderNumbers(stationID: configuration.stationID, database: database)
        self.machine = KioskMachine(limits: configuration.limits)
        try BootRecovery(engine: self).run(nowMs: nowMs)
        bills.resume(nowMs: nowMs)
        payouts.resume(nowMs: nowMs)
        advance(toMs: nowMs)
    }

    /// The bills service (缴费) beside the counter.
    public private(set) lazy var bills = BillDesk(engine: self, database: database)

    /// Account payouts to farmers for produce bought (收购).
    public private(set) lazy var payouts = ProducePayoutDesk(engine: self, database: database)

    /// Reports and timers the engine can have waiting at once: per charge in flight its timeout, its
    /// answer, a query or reversal and its retry; per print job in flight its report; and room for
    /// refunds and drawer kicks of the events in between.
    static func inboxCapacity(_ configuration: StationConfiguration) -> Int {
        configuration.limits.maxPendingPayments * 6 + configuration.printer.queueLimit * 2 + 64
    }

    // MARK: Inputs

    /// Handles one input at `nowMs`, after any input due by then, and then every input due by then that
    /// handling it produced (a simulated worker reports at once). Returns without waiting for any worker.
    public func handle(_ input: StationInput, nowMs: Int64) {
        advance(toMs: nowMs)
        process(input, nowMs: nowMs)
        advance(toMs: nowMs)
    }

    /// Handles every input due at or before `nowMs` (workers' reports, charge timeouts, retries), in
    /// order; those it produces that are due by then too. A loop, not recursion: each input's effects
    /// only add to the queue.
    public func advance(toMs nowMs: Int64) {
        while let (dueMs, input) = inbox.popDue(nowMs: nowMs) {
            process(input, nowMs: dueMs)
        }
    }

    private func process(_ input: StationInput, nowMs: Int64) {
        if let serviceInputs, input.isOperatorEntry, serviceInputs(input, nowMs) {
            if case .scan(let code) = input { lastScanBytes = code.content }
            return
        }
        switch input {
        case .scan(let code):
            lastScanBytes = code.content
            let classification = ScanClassifier.classify(code.content, symbology: code.symbology)
            if bills.takeScan(code.content, classification, nowMs: nowMs) { return }
            do {
                let translator = ScanTranslator(catalog: catalog, names: names, scaleLabels: configuration.scaleLabels)
                switch try translator.translate(classification) {
                case .action(let action): submitAtCounter(action, nowMs: nowMs)
                case .notice(let notice): show(notice, nowMs: nowMs)
                }
            } catch {
                storageFailed(error, nowMs: nowMs)
            }
        case .scanDropped(let reason):
            logger.notice("scanner read dropped", metadata: ["reason": "\(reason)"])
            show(.scanDropped(reason), nowMs: nowMs)
        case .key(let name):
            if bills.takeKey(name, nowMs: nowMs) { return }
            if let action = keys.translate(name) {
                if action == .command(.payCash), let fen = machine.entry.fen, fen > configuration.maxCashTenderFen {
                    show(.cashOverLimit(fen: fen, limitFen: configuration.maxCashTenderFen), nowMs: nowMs)
                    return
                }
                submit(action, nowMs: nowMs)
            } else {
                show(.unknownKey(name), nowMs: nowMs)
            }
        case .cash(let fen):
            guard fen <= configuration.maxCashTenderFen else {
                show(.cashOverLimit(fen: fen, limitFen: configuration.maxCashTenderFen), nowMs: nowMs)
                return
            }
            submitAtCounter(.tenderCash(fen: fen), nowMs: nowMs)
        case .action(let action):
            if case .paymentAnswered(let key, _) = action { inbox.cancelTimeout(key) }
            submit(action, nowMs: nowMs)
        case .printerReady:
            printerHold = nil
            startQueuedPrintJobs(nowMs: nowMs)
        case .printed(let jobID):
            printsInFlight = max(0, printsInFlight - 1)
            confirmPrinted(jobID: jobID, nowMs: nowMs)
            startQueuedPrintJobs(nowMs: nowMs)
        case .printHeld(let jobID, let reason):
            printsInFlight = max(0, printsInFlight - 1)
            hold(jobID: jobID, because: reason, nowMs: nowMs)
        case .effectDone(let outboxKey):
            effectDone(outboxKey, nowMs: nowMs)
        case .workFailed(let work):
            ports.workers.start(work, nowMs: nowMs, reports: inbox)
        case .bill(let input):
            bills.handle(input, nowMs: nowMs)
        case .payout(let input):
            payouts.handle(input, nowMs: nowMs)
        case .day(.mismatchAnswered(let query, let answer)):
            DayCloseService(engine: self, database: database).record(answer, for: query, nowMs: nowMs)
        case .qrPresented(let key, let text):
            guard let payment = machine.pendingPayment(key), payment.status == .pending else { return }
            shownQR = PresentedQR(key: key, scheme: payment.scheme, amountFen: payment.amountFen, text: text)
            inbox.report(.qrPollDue(key), atMs: nowMs + GatewayWorker.qrPollIntervalMs)
        case .qrPollDue(let key):
            guard let payment = machine.pendingPayment(key), payment.status == .pending else { return }
            ports.workers.start(.pollQR(key, payment.scheme), nowMs: nowMs, reports: inbox)
        }
    }

    /// The payment QR the customer display shows: the provider's QR of the payment pending now (扫码付);
    /// nil once it is paid, closed or being closed.
    public var presentedQR: PresentedQR? {
        guard let shownQR, machine.pendingPayment(shownQR.key)?.status == .pending else { return nil }
        return shownQR
    }

    /// Whether receipts wait for the printer (held: paper out, cover open, offline).
    public var hasHeldReceipts: Bool { printerHold != nil && printsQueued > 0 }

    // MARK: Station credit

    /// Opens a station credit account (赊账) for `name` with `limitFen`, the phone kept masked; returns
    /// its number, or nil when the machine refused (the operator is told why).
    public func openCreditAccount(name: String, phone: String, limitFen: Int64, nowMs: Int64) -> CreditAccountID? {
        advance(toMs: nowMs)
        guard let next = try? journal.nextCreditAccountID(), let id = CreditAccountID(exactly: next) else { return nil }
        accountBeingOpened = (next, name, ReceiptComposer.maskedPhone(phone))
        defer { accountBeingOpened = nil }
        return submit(.openCreditAccount(id, limitFen: limitFen), nowMs: nowMs) ? id : nil
    }

    /// Opens a repayment order (赊账还款) of `fen` on `account` at the counter, which becomes current: the
    /// operator then scans the villager's payment code as for a sale, and the account owes less once the
    /// charge is approved. Returns the order's number, or nil (the message says why) with nothing left open.
    @discardableResult
    public func openCreditRepayment(account: CreditAccountID, fen: Int64, nowMs: Int64) -> OrderID? {
        advance(toMs: nowMs)
        guard submit(.newOrder, nowMs: nowMs), let id = machine.currentOrderID else { return nil }
        guard submit(.creditRepaymentLine(account, fen: fen), nowMs: nowMs) else {
            let refusal = (text: lastMessage, shown: lastShown)
            submit(.cancelOrder, nowMs: nowMs)
            // The operator is shown why, not that the empty order was cancelled.
            if let text = refusal.text, let shown = refusal.shown { display(text, shown, nowMs: nowMs) }
            return nil
        }
        advance(toMs: nowMs)
        return id
    }

    /// Account `account`'s statement as the receipt printer's bytes (GB18030, laid out like receipts), from
    /// its listings; the caller prints it.
    public func creditStatement(account: CreditAccountListing, charges: [CreditChargeListing],
                                repayments: [CreditRepaymentListing], atMs: Int64) -> [UInt8] {
        composer.creditStatement(account: account, charges: charges, repayments: repayments, atMs: atMs)
    }

    // MARK: Core events

    /// Applies `action` for the maintenance shell; returns whether it was accepted.
    @discardableResult
    public func submitFromShell(_ action: CoreAction, nowMs: Int64) -> Bool {
        advance(toMs: nowMs)
        let accepted = submit(action, nowMs: nowMs)
        advance(toMs: nowMs)
        return accepted
    }

    /// What an operator expects of a counter: scanning an item with no sale open starts one, and
    /// tendering (cash or a customer's code) on a sale still taking items totals it first.
    private func submitAtCounter(_ action: CoreAction, nowMs: Int64) {
        let phase = machine.currentOrderID.flatMap { machine.order($0)?.phase }
        switch action {
        case .productScanned:
            if phase == nil || phase!.isFinal || phase!.isPaid {
                guard submit(.newOrderForScan, nowMs: nowMs) else { return }
            }
        case .tenderCode where !configuration.acceptsCodePayments:
            show(.codePaymentsUnavailable, nowMs: nowMs)
            return
        case .tenderCash, .tenderCode:
            if phase == .open {
                guard submit(.total, nowMs: nowMs) else { return }
            }
        default:
            break
        }
        submit(action, nowMs: nowMs)
    }

    /// Applies `action`; on acceptance commits it — synced when an effect will leave the station — and
    /// hands its effects to the workers. Returns whether accepted. `printedJobIDs` are print jobs the
    /// printer confirmed, marked printed in the same commit.
    @discardableResult
    func submit(_ action: CoreAction, nowMs: Int64, printedJobIDs: [Int64] = []) -> Bool {
        if action == .command(.dayClose) || (action == .command(.cancel) && dayCloseKeypad.isActive) {
            dayCloseKey(action, nowMs: nowMs)
            return false
        }
        if action == .command(.presentWeChatQR) || action == .command(.presentAlipayQR), !configuration.acceptsCodePayments {
            show(.codePaymentsUnavailable, nowMs: nowMs)
            return false
        }
        if let id = action.namedOrder, machine.order(id) == nil, !loadBack(id, nowMs: nowMs) {
            return false
        }
        let event = CoreEvent(timeMs: nowMs, action)
        let authorisedBy = machine.authorisation?.grant
        if case .refused(let refusal) = machine.apply(event) {
            guard !action.isReport else {
                // A late or repeated answer for a charge already settled (a query answered it first): the
                // operator did nothing and has nothing to do; a late approval of a released charge is for
                // the technician to check with the acquirer.
                let level: Logger.Level = if case .paymentAnswered(_, .approved) = action { .error } else { .info }
                logger.log(level: level, "a report for a settled charge changed nothing", metadata: [
                    "report": "\(CommitBuilder.kindName(action))", "reason": "\(refusal.reason)",
                ])
                return false
            }
            if machine.authorisation != nil {
                // The authorisation was for this action: refused, it ends, journaled like any change.
                submit(.withdrawAuthorisation, nowMs: nowMs)
            }
            show(.refused(refusal), nowMs: nowMs)
            return false
        }
        // Kept on in release builds: a broken invariant must never reach the books.
        if let violation = invariantCheck(machine) {
            logger.critical("a core invariant broke: the event is not committed and the machine is rebuilt from the store",
                            metadata: ["event": "\(CommitBuilder.kindName(action))", "invariant": "\(violation)"])
            rebuildMachine()
            show(.checkFailed(violation), nowMs: nowMs)
            return false
        }
        let effects = Array(machine.effects)
        let next = sequence + 1
        var printJobs: [PrintJobRequest] = []
        let printJobIDs: [Int64]
        do {
            var (commit, printRequests) = try CommitBuilder(machine: machine, stationID: configuration.stationID,
                                                            names: names, orderNumbers: orderNumbers, journal: journal)
                .build(event: event, sequence: next)
            for request in printRequests {
                let goesNow = printerHold == nil && printsInFlight + printJobs.count < configuration.printer.queueLimit
                switch request {
                case .receipt(let orderID, let kind):
                    printJobs.append(PrintJobRequest(
                        orderID: Int64(orderID), isReprint: kind == .reprint,
                        bytes: try receiptBytes(orderID: Int64(orderID), pending: commit, isReprint: kind == .reprint),
                        state: goesNow ? .printing : .queued))
                case .refundSlip(let orderID, let refunds):
                    guard let order = commit.order else { break }
                    printJobs.append(PrintJobRequest(
                        orderID: Int64(orderID), isReprint: false,
                        bytes: composer.refundSlip(order: order, refunds: refunds, atMs: nowMs, authorisedBy: authorisedBy),
                        state: goesNow ? .printing : .queued, kind: .refundSlip))
                    commit.audit.append(AuditRecord(
                        at_ms: nowMs, who: authorisedBy.map { "staff \($0.staffID) (\($0.role))" } ?? "counter",
                        command: "void order \(order.orderNumber)",
                        outcome: "refunded " + refunds.map { "\(ReceiptComposer.methodName($0.method, zh: false)) \(Money.formatWithSign(fen: $0.amountFen))" }
                            .joined(separator: ", ")))
                }
            }
            if let opening = accountBeingOpened,
               let index = commit.creditAccounts.firstIndex(where: { $0.id == opening.id }) {
                commit.creditAccounts[index].villagerName = opening.name
                commit.creditAccounts[index].maskedPhone = opening.maskedPhone
            }
            commit.printJobs = printJobs
            commit.finishedOutbox = effectsDone
            commit.printedJobIDs = printedJobIDs
            if next % Self.eventsPerSnapshot == 0 { commit.machineSnapshot = machine.snapshot() }
            let leavesStation = !commit.outbox.isEmpty || !commit.printJobs.isEmpty
            printJobIDs = try journal.commit(commit, sequence: next, durability: leavesStation ? .synced : .whenNextSynced)
            if let order = commit.order, let lines = commit.lines {
                committedLines = (order.id, lines)
            }
        } catch {
            rebuildMachine()
            storageFailed(error, nowMs: nowMs)
            return false
        }
        sequence = next
        storageProblem = nil
        effectsDone.removeAll(keepingCapacity: true)
        for (job, id) in zip(printJobs, printJobIDs) {
            if job.state == .printing {
                printsInFlight += 1
                ports.workers.start(.print(jobID: id, bytes: job.bytes), nowMs: nowMs, reports: inbox)
            } else {
                printsQueued += 1
            }
        }
        if let hold = printerHold, printJobs.contains(where: { $0.kind == .receipt }) {
            // The sale goes on without its receipt: say what the printer needs (the sale's own messages,
            // the change above all, come after).
            show(.receiptsWaitForPrinter(hold), nowMs: nowMs)
        }
        startWork(for: effects, sequence: next, nowMs: nowMs)
        if case .persist(let id?) = effects.first, machine.billID(ofOrder: id) != nil {
            // A bill's order changed (paid, cancelled): the bills service looks at it next.
            inbox.report(.bill(.counterOrderChanged(orderID: Int64(id))), atMs: nowMs)
        }
        return true
    }

    // MARK: Station services

    /// A service in a mode of its own (the parcel desk taking in a courier's sack) sees the operator's
    /// scans and keys first; it returns true when it took one, and the counter never sees it.
    public var serviceInputs: ((StationInput, Int64) -> Bool)?

    /// Shows a service's message to the operator; `code` is its stable name for checks (`PARCEL_MISMATCH`).
    public func showService(code: String, text: String, nowMs: Int64) {
        display(text, .service(code: code, text: text), nowMs: nowMs)
    }

    /// Commits one journal entry of a service beside the counter (parcels, bills, the day's close; see
    /// ``JournalDomain``) — the entry, the rows it writes (``JournalCommit/writes``), its outbox items and
    /// its print jobs — in one transaction, synced when anything leaves the station; then hands the print
    /// jobs to the printer (or queues them behind a held one) and `work` to the workers. Returns the new
    /// entry's sequence number, or nil when the store refused: then nothing changed and the operator is told.
    /// `synced` syncs an entry with no effect of its own that records something gone from the station by
    /// hand (a parcel handed over, a parcel back with its courier): a power cut must not undo it.
    @discardableResult
    public func commitService(_ entry: JournalCommit, work: [WorkItem] = [], nowMs: Int64, synced: Bool = false) -> Int64? {
        precondition(entry.domain != .counter, "the counter's entries are core events: submit them")
        advance(toMs: nowMs)
        var commit = entry
        for index in commit.printJobs.indices {
            let goesNow = printerHold == nil && printsInFlight + index < configuration.printer.queueLimit
            commit.printJobs[index].state = goesNow ? .printing : .queued
        }
        commit.finishedOutbox = effectsDone
        let next = sequence + 1
        let leavesStation = synced || !commit.outbox.isEmpty || !commit.printJobs.isEmpty || !work.isEmpty
        let printJobIDs: [Int64]
        do {
            printJobIDs = try journal.commit(commit, sequence: next, durability: leavesStation ? .synced : .whenNextSynced)
        } catch {
            storageFailed(error, nowMs: nowMs)
            return nil
        }
        sequence = next
        storageProblem = nil
        effectsDone.removeAll(keepingCapacity: true)
        for (job, id) in zip(commit.printJobs, printJobIDs) {
            if job.state == .printing {
                printsInFlight += 1
                ports.workers.start(.print(jobID: id, bytes: job.bytes), nowMs: nowMs, reports: inbox)
            } else {
                printsQueued += 1
            }
        }
        for item in work {
            ports.workers.start(item, nowMs: nowMs, reports: inbox)
        }
        return next
    }

    /// Hands the committed effects of journal entry `sequence` to the workers (receipts were handed over
    /// with their job ids), and shows the event's messages.
    private func startWork(for effects: [CoreEffect], sequence: Int64, nowMs: Int64) {
        for effect in effects {
            switch effect {
            case .persist, .printReceipt:
                break
            case .requestPayment(let request) where request.code.isPresentedQR:
                effectsDone.append("charge:\(request.key.text)")
                inbox.report(.action(.paymentTimedOut(request.key)), atMs: nowMs + configuration.qrPaymentTimeoutMs)
                ports.workers.start(.presentQR(request), nowMs: nowMs, reports: inbox)
            case .requestPayment(let request):
                effectsDone.append("charge:\(request.key.text)")
                inbox.report(.action(.paymentTimedOut(request.key)), atMs: nowMs + configuration.paymentTimeoutMs)
                ports.workers.start(.charge(request), nowMs: nowMs, reports: inbox)
            case .queryPayment(let key):
                // A query settles the charge: a timeout still waiting (a payment QR withdrawn) is moot.
                inbox.cancelTimeout(key)
                ports.workers.start(queryWork(key, outboxKey: "query:\(key.text):\(sequence)"), nowMs: nowMs,
                                    reports: inbox)
            case .reversePayment(let key):
                ports.workers.start(.reverse(key, outboxKey: "reverse:\(key.text):\(sequence)"), nowMs: nowMs,
                                    reports: inbox)
            case .refund(let refund):
                ports.workers.start(.refund(refund, outboxKey: "refund:\(refund.orderID):\(sequence)"), nowMs: nowMs,
                                    reports: inbox)
            case .openDrawer:
                ports.workers.start(.openDrawer(outboxKey: "drawer:\(sequence)"), nowMs: nowMs, reports: inbox)
            case .showMessage(let message):
                show(message, nowMs: nowMs)
            }
        }
    }

    /// How the charge `key` is asked about: a payment QR is closed at its provider first, so the answer is final.
    func queryWork(_ key: PaymentKey, outboxKey: String) -> WorkItem {
        if let payment = machine.pendingPayment(key), payment.presentsQR {
            return .closeQR(key, payment.scheme, outboxKey: outboxKey)
        }
        return .query(key, outboxKey: outboxKey)
    }

    /// An effect was carried out. Its outbox row is marked done with the next commit, rather than in a
    /// transaction of its own; a refund's is marked at once, since recovery carries out a pending refund
    /// again (under the same key: the acquirer drops a repeated one). A text message's is marked at once
    /// and synced: a modem has no idempotency key, so a message resumed at boot goes out again. What
    /// remains is the instant between the modem's answer and this commit, and a power cut while the modem
    /// is sending: a message caught there is sent again (never lost).
    private func effectDone(_ outboxKey: String, nowMs: Int64) {
        if outboxKey.hasPrefix("refund:") {
            finishOutbox(outboxKey, nowMs: nowMs)
        } else if outboxKey.hasPrefix("sms:") {
            do {
                try journal.finishOutbox(outboxKey, atMs: nowMs, synced: true)
            } catch {
                logger.warning("could not mark a sent message done (it may go again at boot)", metadata: ["effect": "\(outboxKey)"])
            }
        } else {
            effectsDone.append(outboxKey)
        }
        if outboxKey.hasPrefix("bill-") { bills.effectDone(outboxKey, nowMs: nowMs) }
    }

    func finishOutbox(_ key: String, nowMs: Int64) {
        do {
            try journal.finishOutbox(key, atMs: nowMs)
        } catch {
            logger.warning("could not mark effect done (it is retried at boot)", metadata: ["effect": "\(key)"])
        }
    }

    // MARK: Printing

    /// The printer confirmed job `jobID`: the order's receipt is out. A receipt of a paid order — the
    /// first one, or the marked copy recovery printed in its place — is confirmed by a core event (closing
    /// the order, or setting an assisted one waiting for its goods), which marks the job in the same
    /// commit, whether the order is in the machine's table or only in the store; any other job is marked
    /// on its own.
    private func confirmPrinted(jobID: Int64, nowMs: Int64) {
        do {
            guard let job = try journal.printJob(jobID), job.state != .printed else { return }
            if let storedID = job.orderID {
                let orderID = OrderID(truncatingIfNeeded: storedID)
                // An order that left the table is paid as the store says; submitting loads it back.
                let phase = try machine.order(orderID)?.phase ?? journal.order(storedID)?.state
                if phase == .paid {
                    if submit(.receiptPrinted(orderID), nowMs: nowMs, printedJobIDs: [jobID]) { return }
                    // Only when every slot holds counter work: the paper is marked, the order stays paid.
                    logger.warning("a receipt printed for an order that could not be loaded back; it stays paid",
                                   metadata: ["order": "\(orderID)", "job": "\(jobID)"])
                }
            }
            try journal.markPrinted(jobID: jobID, atMs: nowMs)
        } catch {
            storageFailed(error, nowMs: nowMs)
        }
    }

    /// The printer held job `jobID`: it waits in the store, with every job behind it, until the printer
    /// is ready; the operator is told why.
    private func hold(jobID: Int64, because hold: PrinterHold, nowMs: Int64) {
        printerHold = hold
        do {
            try journal.setPrintJobs([jobID], to: .queued)
            printsQueued += 1
        } catch {
            storageFailed(error, nowMs: nowMs)
        }
        show(.printerHeld(hold), nowMs: nowMs)
    }

    /// Hands queued jobs to the printer worker, oldest first, while it has room and nothing is held.
    /// Handing a job over again is synced first: after a power cut it may be on paper.
    func startQueuedPrintJobs(nowMs: Int64) {
        let room = configuration.printer.queueLimit - printsInFlight
        guard printerHold == nil, printsQueued > 0, room > 0 else { return }
        do {
            let jobs = try journal.queuedPrintJobs(limit: room)
            printsQueued = jobs.count < room ? 0 : max(printsQueued - jobs.count, 1)
            try journal.setPrintJobs(jobs.map(\.id), to: .printing)
            for job in jobs {
                printsInFlight += 1
                ports.workers.start(.print(jobID: job.id, bytes: job.bytes), nowMs: nowMs, reports: inbox)
            }
        } catch {
            storageFailed(error, nowMs: nowMs)
        }
    }

    /// The receipt of `orderID` from the stored rows (its lines as this engine last committed them,
    /// when it has) plus what `pending` is about to commit.
    func receiptBytes(orderID: Int64, pending: JournalCommit?, isReprint: Bool) throws(StoreError) -> [UInt8] {
        let pendingOrder = pending?.order?.id == orderID ? pending?.order : nil
        let storedOrder = pendingOrder == nil ? try journal.order(orderID) : nil
        guard let order = pendingOrder ?? storedOrder else { return [] }
        let lines: [OrderLineRow]
        if let pendingLines = pendingOrder == nil ? nil : pending?.lines {
            lines = pendingLines
        } else if let committedLines, committedLines.orderID == orderID {
            lines = committedLines.lines
        } else {
            lines = try journal.lines(of: orderID)
        }
        var payments = try journal.payments(of: orderID)
        for row in pending?.payments ?? [] where row.orderID == orderID {
            payments.removeAll { $0.idempotencyKey == row.idempotencyKey }
            payments.append(row)
        }
        for change in pending?.paymentStates ?? [] {
            if let index = payments.firstIndex(where: { $0.idempotencyKey == change.key }) {
                payments[index].state = change.state
            }
        }
        return composer.compose(order: order, lines: lines, payments: payments, isReprint: isReprint)
    }

    func setSequence(_ value: Int64) {
        sequence = value
    }

    /// Names of the products on the order being rung up (see ``ProductNames``).
    lazy var names = ProductNames(catalog: catalog, locale: configuration.locale,
                                  capacity: configuration.limits.maxLinesPerOrder)

    // MARK: Failures and messages

    /// Rebuilds the machine from the store: the in-memory state goes back to what is committed.
    func rebuildMachine() {
        do {
            machine = try MachineRebuild.run(limits: configuration.limits, journal: journal).machine
        } catch {
            logger.critical("journal replay failed while rolling back", metadata: ["error": "\(error)"])
        }
    }

    private func storageFailed(_ error: any Error, nowMs: Int64) {
        let isFull = if case StoreError.diskFull = error { true } else { false }
        let notice: StationNotice = isFull ? .storageFull : .storageFailed
        storageProblem = notice
        logger.error("store refused a write: nothing changed", metadata: ["error": "\(error)"])
        show(notice, nowMs: nowMs)
    }

    func show(_ notice: StationNotice, nowMs: Int64) {
        display(notice.text(in: configuration.locale), .station(notice), nowMs: nowMs)
    }

    private func show(_ message: OperatorMessage, nowMs: Int64) {
        display(message.text(in: configuration.locale), .core(message), nowMs: nowMs)
    }

    private func display(_ text: String, _ shown: ShownMessage, nowMs: Int64) {
        lastMessage = text
        lastShown = shown
        ports.display.show(text, nowMs: nowMs)
    }

    /// A message shown to the operator, from the runtime or from the core.
    private enum ShownMessage {
        case station(StationNotice)
        case core(OperatorMessage)
        case service(code: String, text: String)
    }

    /// A read as it may be shown or logged: a payment code masked (it is a bearer credential).
    static func displayable(_ bytes: [UInt8]) -> String {
        if case .paymentCode(let code) = ScanClassifier.classify(bytes) { return code.masked.text }
        return String(decoding: bytes.prefix(ScanClassifier.maximumScanBytes), as: UTF8.self)
    }

    static func code(of message: OperatorMessage) -> String {
        switch message {
        case .refused(let refusal): upperSnake(String(describing: refusal.reason))
        case .notice(let notice, _, _): upperSnake(String(describing: notice))
        }
    }

    /// `orderFull` → `ORDER_FULL`.
    static func upperSnake(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result.append("_") }
            result.append(character.uppercased())
        }
        return result
    }
}
