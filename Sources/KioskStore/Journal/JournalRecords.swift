import KioskCore

/// One order as the store keeps it: the state machine's record flattened into columns.
public struct OrderRow: Sendable, Equatable {
    public var id: Int64
    public var orderNumber: String
    public var kind: String
    public var state: OrderPhase
    public var totalFen: Int64
    public var cashFen: Int64
    public var changeFen: Int64
    public var codeFen: Int64
    public var creditFen: Int64
    public var creditAccountID: Int64?
    public var pickupCode: String?
    /// An assisted order's villager (代购): name and phone, as the receipt prints them.
    public var villagerName: String?
    public var villagerPhone: String?
    public var receiptPrinted: Bool
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(id: Int64, orderNumber: String, kind: String, state: OrderPhase, totalFen: Int64,
                cashFen: Int64, changeFen: Int64, codeFen: Int64, creditFen: Int64,
                creditAccountID: Int64?, pickupCode: String?, villagerName: String? = nil,
                villagerPhone: String? = nil, receiptPrinted: Bool,
                createdAtMs: Int64, updatedAtMs: Int64) {
        self.id = id
        self.orderNumber = orderNumber
        self.kind = kind
        self.state = state
        self.totalFen = totalFen
        self.cashFen = cashFen
        self.changeFen = changeFen
        self.codeFen = codeFen
        self.creditFen = creditFen
        self.creditAccountID = creditAccountID
        self.pickupCode = pickupCode
        self.villagerName = villagerName
        self.villagerPhone = villagerPhone
        self.receiptPrinted = receiptPrinted
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }
}

/// One line of an order. Voided lines are not stored: the order's lines are what was sold.
public struct OrderLineRow: Sendable, Equatable {
    public var lineNumber: Int
    public var barcode: String
    public var name: String
    public var quantity: Int64
    public var unitPriceFen: Int64
    public var lineTotalFen: Int64

    public init(lineNumber: Int, barcode: String, name: String, quantity: Int64, unitPriceFen: Int64,
                lineTotalFen: Int64) {
        self.lineNumber = lineNumber
        self.barcode = barcode
        self.name = name
        self.quantity = quantity
        self.unitPriceFen = unitPriceFen
        self.lineTotalFen = lineTotalFen
    }
}

/// One payment attempt, keyed by its idempotency key. Codes are stored masked only.
public struct PaymentRow: Sendable, Equatable {
    public var idempotencyKey: String
    public var orderID: Int64
    public var method: String
    public var maskedCode: String?
    public var amountFen: Int64
    public var state: PaymentState
    /// The number a code charge was sent to the acquirer under (``merchant_order_no``); nil for cash and
    /// credit, and for charges recorded before the store had an identity.
    public var merchantOrderNumber: String?

    public init(idempotencyKey: String, orderID: Int64, method: String, maskedCode: String?, amountFen: Int64,
                state: PaymentState, merchantOrderNumber: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.orderID = orderID
        self.method = method
        self.maskedCode = maskedCode
        self.amountFen = amountFen
        self.state = state
        self.merchantOrderNumber = merchantOrderNumber
    }
}

/// An effect waiting to be carried out (a charge, a query, a reversal, a refund, a drawer kick).
public struct OutboxItem: Sendable, Equatable {
    /// Unique per effect: the same key is never carried out twice.
    public var idempotencyKey: String
    public var kind: String
    public var payload: [UInt8]

    public init(idempotencyKey: String, kind: String, payload: [UInt8]) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.payload = payload
    }
}

/// Money a villager paid back on a credit account (还款), and what they owe after it.
public struct CreditRepaymentRow: Sendable, Equatable {
    public var accountID: Int64
    /// How it was paid: `cash` (into the drawer), or the wallet of a payment code (`wechat`, `alipay`,
    /// `unionpay`).
    public var method: String
    public var amountFen: Int64
    public var balanceAfterFen: Int64
    /// The repayment order a code's charge ran on; nil for cash.
    public var orderID: Int64?

    public init(accountID: Int64, method: String, amountFen: Int64, balanceAfterFen: Int64, orderID: Int64? = nil) {
        self.accountID = accountID
        self.method = method
        self.amountFen = amountFen
        self.balanceAfterFen = balanceAfterFen
        self.orderID = orderID
    }
}

/// A credit account's balance after an event.
public struct CreditAccountRow: Sendable, Equatable {
    public var id: Int64
    public var limitFen: Int64
    public var balanceFen: Int64
    /// Who the account is for, and their phone masked (`138****1234`): written when it is opened.
    public var villagerName: String?
    public var maskedPhone: String?

    public init(id: Int64, limitFen: Int64, balanceFen: Int64, villagerName: String? = nil, maskedPhone: String? = nil) {
        self.id = id
        self.limitFen = limitFen
        self.balanceFen = balanceFen
        self.villagerName = villagerName
        self.maskedPhone = maskedPhone
    }
}

/// Everything one accepted event changes, committed in one transaction before any effect happens.
public struct JournalCommit: Sendable {
    /// The encoded core event (``CoreEvent/encode(into:)``), appended to the journal.
    public var eventPayload: [UInt8]
    /// A short name for people reading the journal (`productScanned`, `tenderCode`…).
    public var eventKind: String
    /// Whose entry it is: the counter's core events, or a service's own (see ``JournalDomain``).
    public var domain: JournalDomain
    public var recordedAtMs: Int64
    /// The order the event touched, as it is now.
    public var order: OrderRow?
    /// That order's lines, replacing what was stored; nil leaves the stored lines alone.
    public var lines: [OrderLineRow]?
    public var payments: [PaymentRow]
    /// Payments already stored whose state changed: idempotency key → new state.
    public var paymentStates: [(key: String, state: PaymentState)]
    public var creditAccounts: [CreditAccountRow]
    /// Credit repaid by this event.
    public var creditRepayments: [CreditRepaymentRow]
    /// Effects to carry out after the commit.
    public var outbox: [OutboxItem]
    /// Receipts to print after the commit (their bytes), for ``order``.
    public var printJobs: [PrintJobRequest]
    /// Outbox effects carried out since the last commit, marked done in this one. Only effects whose
    /// pending row recovery does not act on belong here (a charge, query, reversal or drawer kick:
    /// recovery settles those from the payment's state); a refund is marked done on its own.
    public var finishedOutbox: [String]
    /// Print jobs the printer confirmed, marked printed (with their order's receipt) in this commit.
    public var printedJobIDs: [Int64]
    /// The machine's state after this event (``KioskMachine/snapshot()``), when one is due; the two
    /// newest are kept.
    public var machineSnapshot: [UInt8]?
    /// Catalog stock moved by this event: goods sold (negative) when an order is paid, given back
    /// (positive) when a paid order is voided. Stock never goes below zero: it is counted, not a limit.
    public var stockChanges: [(barcode: String, delta: Int64)]
    /// Lines for the audit trail, written with the event (a void and its refund, whoever did it).
    public var audit: [AuditRecord]
    /// A service's own rows (parcels, bills…), written with its entry (see ``StoreWrite``).
    public var writes: [StoreWrite]

    public init(eventPayload: [UInt8], eventKind: String, recordedAtMs: Int64, domain: JournalDomain = .counter) {
        self.eventPayload = eventPayload
        self.eventKind = eventKind
        self.domain = domain
        self.recordedAtMs = recordedAtMs
        self.order = nil
        self.lines = nil
        self.payments = []
        self.paymentStates = []
        self.creditAccounts = []
        self.creditRepayments = []
        self.outbox = []
        self.printJobs = []
        self.finishedOutbox = []
        self.printedJobIDs = []
        self.machineSnapshot = nil
        self.stockChanges = []
        self.audit = []
        self.writes = []
    }
}

/// A receipt to print, already encoded as ESC/POS bytes.
public struct PrintJobRequest: Sendable, Equatable {
    /// The order the document belongs to; nil for a service's document (a parcel label, a bill's proof).
    public var orderID: Int64?
    public var isReprint: Bool
    public var bytes: [UInt8]
    /// ``PrintJobState/printing`` when the job goes to the printer right after the commit,
    /// ``PrintJobState/queued`` when it waits behind a held one.
    public var state: PrintJobState
    /// A sale's receipt, or the slip of a refund.
    public var kind: PrintJobKind

    public init(orderID: Int64?, isReprint: Bool, bytes: [UInt8], state: PrintJobState = .printing,
                kind: PrintJobKind = .receipt) {
        self.orderID = orderID
        self.isReprint = isReprint
        self.bytes = bytes
        self.state = state
        self.kind = kind
    }
}

/// What a print job is. Stored as its raw value in `print_jobs.kind`.
public enum PrintJobKind: String, Sendable, Equatable {
    /// An order's receipt (or its marked copy).
    case receipt
    /// The slip of a void's refund, for the villager and the drawer's count.
    case refundSlip = "refund-slip"
    /// A parcel's shelf label (slot, pickup code, masked phone), or its pickup slip on a station without a modem.
    case parcelLabel = "parcel-label"
    /// A day's X or Z report (or a Z's marked copy).
    case dayReport = "day-report"
    /// The farmer's receipt of a produce purchase (收购单).
    case produceReceipt = "produce-receipt"
    /// A purchased lot's GS1-128 label.
    case lotLabel = "lot-label"
    /// A bill's paper (缴费): its proof, its 处理中 slip, or the slip of its refund.
    case billDocument = "bill"
}

/// Where a print job stands. Stored as its raw value in `print_jobs.state`.
public enum PrintJobState: String, Sendable, Equatable {
    /// Waiting: the printer held it (paper out, cover open, offline) or it waits behind one that was.
    /// It has not been handed to the printer since it was last held.
    case queued
    /// Handed to the printer and not yet confirmed: after a power cut it may or may not be on paper,
    /// so recovery prints it again as a marked copy.
    case printing
    /// The printer confirmed it.
    case printed
    /// Given up: recovery replaced it by a marked reprint.
    case failed
}

/// A print job the store holds until the printer confirms it.
public struct StoredPrintJob: Sendable, Equatable {
    public var id: Int64
    /// nil for a service's document.
    public var orderID: Int64?
    public var isReprint: Bool
    public var bytes: [UInt8]
    public var state: PrintJobState
    public var kind: PrintJobKind
}
