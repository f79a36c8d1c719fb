import KioskCore
import KioskStore
import Logging

/// The station's event loop body: inputs in, core events applied, every accepted event committed
/// to SQLite before any of its effects is carried out.
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
    let catalog: CatalogRepository
    let ports: StationPorts
    let logger: Logger
    let composer: ReceiptComposer
    private let keys: KeyTranslator
    private var timers: TimerQueue
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
    /// The lines last committed for an order, exactly as written: a receipt for that order is laid
    /// out from them instead of reading back rows this engine has just written.
    private var committedLines: (orderID: Int64, lines: [OrderLineRow])?
    /// Effects carried out whose outbox rows are marked done with the next commit rather than in a
    /// transaction (and an fsync) of their own; recovery settles them from the payments if the power goes first.
    private var effectsDone: [String] = []

    public init(configuration: StationConfiguration, database: KioskDatabase, ports: StationPorts, logger: Logger,
                nowMs: Int64) throws {
        self.configuration = configuration
        self.journal = EventJournal(database: database)
        self.catalog = CatalogRepository(database: database)
        self.ports = ports
        self.logger = logger
        self.composer = ReceiptComposer(printer: configuration.printer, header: configuration.receiptHeader,
                                        footer: configuration.receiptFooter, stationID: configuration.stationID,
                                        locale: configuration.locale)
        self.keys = KeyTranslator(keyMap: configuration.keyMap)
        self.timers = TimerQueue(capacity: configuration.limits.maxPendingPayments * 2 + 4)
        self.machine = KioskMachine(limits: configuration.limits)
        try BootRecovery(engine: self).run(nowMs: nowMs)
    }

    // MARK: Inputs

    /// Handles one input at `nowMs`, after any timer due by then.
    public func handle(_ input: StationInput, nowMs: Int64) {
        advance(toMs: nowMs)
        switch input {
        case .scan(let bytes):
            lastScanBytes = bytes
            do {
                switch try ScanTranslator(catalog: catalog, names: names).translate(bytes) {
                case .action(let action): submitAtCounter(action, nowMs: nowMs)
                case .notice(let notice): show(notice, nowMs: nowMs)
                }
            } catch {
                storageFailed(error, nowMs: nowMs)
            }
        case .key(let name):
            if let action = keys.translate(name) {
                submit(action, nowMs: nowMs)
            } else {
                show(.unknownKey(name), nowMs: nowMs)
            }
        case .cash(let fen):
            submitAtCounter(.tenderCash(fen: fen), nowMs: nowMs)
        case .action(let action):
            submit(action, nowMs: nowMs)
        case .printerReady:
            drainPrintJobs(nowMs: nowMs)
        }
        advance(toMs: nowMs)
    }

    /// Delivers every timer due at or before `nowMs` (gateway answers, charge timeouts).
    public func advance(toMs nowMs: Int64) {
        while let (dueMs, action) = timers.popDue(nowMs: nowMs) {
            if case .paymentAnswered(let key, _) = action { timers.cancelTimeout(key) }
            submit(action, nowMs: dueMs)
        }
    }

    /// Whether receipts wait for the printer (held: paper out, cover open, offline).
    public var hasHeldReceipts: Bool {
        ((try? journal.unconfirmedPrintJobs().isEmpty) ?? true) == false
    }


    // MARK: Core events

    /// Applies `action` for the maintenance shell; returns whether it was accepted.
    @discardableResult
    public func submitFromShell(_ action: CoreAction, nowMs: Int64) -> Bool {
        advance(toMs: nowMs)
        return submit(action, nowMs: nowMs)
    }

    /// What an operator expects of a counter: scanning an item with no sale open starts one, and
    /// tendering (cash or a customer's code) on a sale still taking items totals it first.
    private func submitAtCounter(_ action: CoreAction, nowMs: Int64) {
        let phase = machine.currentOrderID.flatMap { machine.order($0)?.phase }
        switch action {
        case .productScanned:
            if phase == nil || phase!.isFinal || phase!.isPaid {
                guard submit(.newOrder, nowMs: nowMs) else { return }
            }
        case .tenderCash, .tenderCode:
            if phase == .open {
                guard submit(.total, nowMs: nowMs) else { return }
            }
        default:
            break
        }
        submit(action, nowMs: nowMs)
    }

    /// Applies `action`; on acceptance commits it, then carries out its effects. Returns whether accepted.
    /// `printedJobIDs` are print jobs the printer confirmed, marked printed in the same commit.
    @discardableResult
    func submit(_ action: CoreAction, nowMs: Int64, printedJobIDs: [Int64] = []) -> Bool {
        let event = CoreEvent(timeMs: nowMs, action)
        if case .refused(let refusal) = machine.apply(event) {
            show(.refused(refusal), nowMs: nowMs)
            return false
        }
        let effects = Array(machine.effects)
        let next = sequence + 1
        do {
            var (commit, printRequests) = try CommitBuilder(machine: machine, stationID: configuration.stationID,
                                                            names: names).build(event: event, sequence: next)
            for (orderID, kind) in printRequests {
                commit.printJobs.append(PrintJobRequest(
                    orderID: Int64(orderID), isReprint: kind == .reprint,
                    bytes: try receiptBytes(orderID: Int64(orderID), pending: commit, isReprint: kind == .reprint)))
            }
            commit.finishedOutbox = effectsDone
            commit.printedJobIDs = printedJobIDs
            if next % Self.eventsPerSnapshot == 0 { commit.machineSnapshot = machine.snapshot() }
            try journal.commit(commit, sequence: next)
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
        carryOut(effects, sequence: next, nowMs: nowMs)
        return true
    }

    private func carryOut(_ effects: [CoreEffect], sequence: Int64, nowMs: Int64) {
        var printed = false
        for effect in effects {
            switch effect {
            case .persist:
                break
            case .requestPayment(let request):
                let reply = ports.gateway.charge(key: request.key.text, code: request.code,
                                                 amountFen: request.amountFen, nowMs: nowMs)
                effectsDone.append("charge:\(request.key.text)")
                switch reply {
                case .answered(let answer, let atMs):
                    schedule(.paymentAnswered(request.key, answer), atMs: max(atMs, nowMs))
                    schedule(.paymentTimedOut(request.key), atMs: nowMs + configuration.paymentTimeoutMs)
                case .noAnswer:
                    schedule(.paymentTimedOut(request.key), atMs: nowMs + configuration.paymentTimeoutMs)
                }
            case .queryPayment(let key):
                if let answer = ports.gateway.query(key: key.text, nowMs: nowMs) {
                    effectsDone.append("query:\(key.text):\(sequence)")
                    schedule(.paymentQueried(key, answer), atMs: nowMs)
                }
            case .reversePayment(let key):
                if ports.gateway.reverse(key: key.text, nowMs: nowMs) {
                    effectsDone.append("reverse:\(key.text):\(sequence)")
                    schedule(.paymentReversed(key), atMs: nowMs)
                }
            case .refund(let refund):
                if carryOut(refund, nowMs: nowMs) {
                    finishOutbox("refund:\(refund.orderID):\(sequence)", nowMs: nowMs)
                }
            case .openDrawer:
                ports.drawer.kick(nowMs: nowMs)
                effectsDone.append("drawer:\(sequence)")
            case .printReceipt:
                printed = true
            case .showMessage(let message):
                show(message, nowMs: nowMs)
            }
        }
        if printed {
            drainPrintJobs(nowMs: nowMs)
        }
    }

    /// Gives money back; false when the gateway could not be reached (the outbox keeps it).
    func carryOut(_ refund: Refund, nowMs: Int64) -> Bool {
        switch refund.method {
        case .cash:
            ports.drawer.kick(nowMs: nowMs)
            return true
        case .paymentCode:
            guard let key = refund.paymentKey else { return true }
            return ports.gateway.refund(key: key.text, amountFen: refund.amountFen, nowMs: nowMs)
        case .stationCredit:
            return true
        }
    }

    private func schedule(_ action: CoreAction, atMs: Int64) {
        if !timers.schedule(action, atMs: atMs) {
            logger.error("timer queue full: dropped a gateway timer; the charge is settled at the next boot")
        }
    }

    func finishOutbox(_ key: String, nowMs: Int64) {
        do {
            try journal.finishOutbox(key, atMs: nowMs)
        } catch {
            logger.warning("could not mark effect done (it is retried at boot)", metadata: ["effect": "\(key)"])
        }
    }

    // MARK: Printing

    /// Prints every confirmed-pending receipt in order, stopping at the first the printer holds.
    func drainPrintJobs(nowMs: Int64) {
        let jobs: [StoredPrintJob]
        do {
            jobs = try journal.unconfirmedPrintJobs()
        } catch {
            storageFailed(error, nowMs: nowMs)
            return
        }
        for job in jobs {
            do {
                try journal.markPrinting(jobID: job.id)
                switch ports.printer.print(job.bytes, nowMs: nowMs) {
                case .confirmed:
                    if !confirmReceipt(of: OrderID(job.orderID), printedJobID: job.id, nowMs: nowMs) {
                        try journal.markPrinted(jobID: job.id, atMs: nowMs)
                    }
                case .held(let hold):
                    try journal.markQueued(jobID: job.id)
                    show(.printerHeld(hold), nowMs: nowMs)
                    return
                }
            } catch {
                storageFailed(error, nowMs: nowMs)
                return
            }
        }
    }

    /// Tells the machine the receipt of `orderID` is out, keeping the operator's current order; the
    /// same commit marks print job `printedJobID` printed. Returns whether that commit was made.
    private func confirmReceipt(of orderID: OrderID, printedJobID: Int64, nowMs: Int64) -> Bool {
        guard machine.order(orderID)?.phase == .paid else { return false }
        let current = machine.currentOrderID
        if current != orderID, !submit(.selectOrder(orderID), nowMs: nowMs) { return false }
        let confirmed = submit(.receiptConfirmed, nowMs: nowMs, printedJobIDs: [printedJobID])
        if let current, current != orderID {
            submit(.selectOrder(current), nowMs: nowMs)
        }
        return confirmed
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
