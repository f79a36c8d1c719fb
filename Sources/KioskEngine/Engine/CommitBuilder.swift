import KioskCore
import KioskStore

/// Flattens what one accepted event did to the machine into the rows and effects the store commits
/// together (``JournalCommit``), before any effect is carried out.
struct CommitBuilder {
    let machine: KioskMachine
    let stationID: String
    let names: ProductNames
    /// What code charges are called at the acquirer (recorded with each new charge); nil where only
    /// orders are built (the audit's replay).
    var orderNumbers: MerchantOrderNumbers? = nil
    /// Where the lines of an order loaded back from the store are (the machine holds none for it); nil
    /// where only orders are built (the audit's replay).
    var journal: EventJournal? = nil

    /// What an event asks the printer for.
    enum PrintRequest {
        /// Order `id`'s receipt, or a marked copy.
        case receipt(OrderID, ReceiptKind)
        /// The slip of the refunds a void of order `id` gave.
        case refundSlip(OrderID, [Refund])
    }

    func build(event: CoreEvent, sequence: Int64) throws(StoreError) -> (JournalCommit, printRequests: [PrintRequest]) {
        var commit = JournalCommit(eventPayload: event.encoded, eventKind: Self.kindName(event.action),
                                   recordedAtMs: event.timeMs)
        var printRequests: [PrintRequest] = []
        var refunds: [Refund] = []
        var touched: OrderID?
        for effect in machine.effects {
            switch effect {
            case .persist(let id):
                touched = id
            case .printReceipt(let id, let kind):
                printRequests.append(.receipt(id, kind))
                // The first receipt is printed when an order is paid: its goods have left the shelf.
                if kind == .receipt { commit.stockChanges += try stockMoves(of: id, sign: -1) }
            case .requestPayment(let request):
                commit.payments.append(PaymentRow(
                    idempotencyKey: request.key.text, orderID: Int64(request.key.orderID),
                    // A payment QR (扫码付) has no customer code to mask.
                    method: Self.method(request.code.scheme),
                    maskedCode: request.code.isPresentedQR ? nil : request.code.masked.text,
                    amountFen: request.amountFen, state: .pending,
                    merchantOrderNumber: orderNumbers?.number(for: request.key)))
                commit.outbox.append(OutboxItem(idempotencyKey: "charge:\(request.key.text)", kind: "charge",
                                                payload: Array(request.key.text.utf8)))
            case .queryPayment(let key):
                commit.outbox.append(OutboxItem(idempotencyKey: "query:\(key.text):\(sequence)", kind: "query",
                                                payload: Array(key.text.utf8)))
            case .reversePayment(let key):
                commit.outbox.append(OutboxItem(idempotencyKey: "reverse:\(key.text):\(sequence)", kind: "reverse",
                                                payload: Array(key.text.utf8)))
            case .refund(let refund):
                refunds.append(refund)
                commit.outbox.append(OutboxItem(
                    idempotencyKey: "refund:\(refund.orderID):\(sequence)", kind: "refund",
                    payload: Array("\(refund.method.rawValue) \(refund.amountFen) \(refund.paymentKey?.text ?? "-")".utf8)))
                if let key = refund.paymentKey { commit.paymentStates.append((key.text, .refunded)) }
            case .openDrawer:
                commit.outbox.append(OutboxItem(idempotencyKey: "drawer:\(sequence)", kind: "drawer", payload: []))
            case .showMessage:
                break
            }
        }
        if let state = Self.paymentState(after: event.action) {
            commit.paymentStates.append((state.key.text, state.state))
        }
        if let id = touched, let order = machine.order(id), order.phase == .voided, !refunds.isEmpty {
            // A paid order voided and refunded: its goods are back on the shelf, and the money given back
            // gets a slip.
            commit.stockChanges += try stockMoves(of: id, sign: 1)
            printRequests.append(.refundSlip(id, refunds))
        }
        if let id = touched, let order = machine.order(id) {
            commit.order = orderRow(order, nowMs: event.timeMs)
            commit.payments += tenderRows(order)
            if !order.linesStored, order.phase == .open || Self.changesLines(event.action) {
                commit.lines = try lineRows(id)
            }
            if let account = order.creditAccount, let record = machine.creditAccount(account) {
                commit.creditAccounts.append(CreditAccountRow(id: Int64(account), limitFen: record.limitFen,
                                                              balanceFen: record.balanceFen))
                if order.kind == .creditRepayment, Self.paysOrder(id, machine.effects), let scheme = order.codeScheme {
                    // A repayment order's code was approved in this event: the account owes that much less.
                    commit.creditRepayments.append(CreditRepaymentRow(
                        accountID: Int64(account), method: Self.method(scheme), amountFen: order.totalFen,
                        balanceAfterFen: record.balanceFen, orderID: Int64(id)))
                }
            }
        }
        if let account = Self.creditAccount(of: event.action), let record = machine.creditAccount(account) {
            commit.creditAccounts.append(CreditAccountRow(id: Int64(account), limitFen: record.limitFen,
                                                          balanceFen: record.balanceFen))
            if case .creditRepaid(_, let fen) = event.action {
                // Repaid in cash at the counter (the machine opened the drawer): the drawer counts it.
                commit.creditRepayments.append(CreditRepaymentRow(accountID: Int64(account), method: "cash",
                                                                  amountFen: fen, balanceAfterFen: record.balanceFen))
            }
        }
        return (commit, printRequests)
    }

    /// Whether the effects include order `id`'s first receipt: the machine asks for it when the order is paid.
    private static func paysOrder(_ id: OrderID, _ effects: EffectList) -> Bool {
        for case .printReceipt(id, .receipt) in effects { return true }
        return false
    }

    /// The `orders.kind` text of each kind (``StationEngine/loadedOrder(_:payments:)`` reads it back).
    static func storedKind(_ kind: OrderKind) -> String {
        switch kind {
        case .counterSale: "counter"
        case .assisted: "assisted"
        case .creditRepayment: "repayment"
        case .parcelCharge: "parcel"
        }
    }

    func orderRow(_ order: Order, nowMs: Int64) -> OrderRow {
        OrderRow(
            id: Int64(order.id), orderNumber: "\(stationID)-\(order.id)",
            kind: Self.storedKind(order.kind), state: order.phase,
            totalFen: order.totalFen, cashFen: order.cashTenderedFen, changeFen: order.changeFen,
            codeFen: order.codePaidFen, creditFen: order.creditPaidFen,
            creditAccountID: order.creditAccount.map(Int64.init),
            pickupCode: order.kind == .assisted ? Self.sixDigits(order.pickupCode) : nil,
            villagerName: order.kind == .assisted ? order.villagerName.text : nil,
            villagerPhone: order.kind == .assisted ? order.phone.text : nil,
            receiptPrinted: false, createdAtMs: order.openedAtMs, updatedAtMs: nowMs)
    }

    /// Cash and credit tendered on the order, as payment rows (code payments have their own rows).
    private func tenderRows(_ order: Order) -> [PaymentRow] {
        let refunded = order.phase == .voided || order.phase == .cancelled
        var rows: [PaymentRow] = []
        if order.cashAppliedFen > 0 {
            rows.append(PaymentRow(idempotencyKey: "cash:\(order.id)", orderID: Int64(order.id), method: "cash",
                                   maskedCode: nil, amountFen: order.cashAppliedFen,
                                   state: refunded ? .refunded : .approved))
        }
        if order.creditPaidFen > 0 {
            rows.append(PaymentRow(idempotencyKey: "credit:\(order.id)", orderID: Int64(order.id), method: "credit",
                                   maskedCode: nil, amountFen: order.creditPaidFen,
                                   state: refunded ? .refunded : .approved))
        }
        return rows
    }

    /// The catalog stock the lines of order `id` move, `sign` -1 sold, +1 given back: from the machine's
    /// table, or from the store for an order loaded back (whose stored lines are the ones not voided).
    private func stockMoves(of id: OrderID, sign: Int64) throws(StoreError) -> [(barcode: String, delta: Int64)] {
        if machine.order(id)?.linesStored == true {
            return try (journal?.lines(of: Int64(id)) ?? []).map { ($0.barcode, sign * $0.quantity) }
        }
        return machine.lines(of: id).filter { !$0.isVoided }.map { ($0.barcode.text, sign * Int64($0.quantity)) }
    }

    func lineRows(_ id: OrderID) throws(StoreError) -> [OrderLineRow] {
        var rows: [OrderLineRow] = []
        for (index, line) in machine.lines(of: id).enumerated() where !line.isVoided {
            let barcode = line.barcode.text
            rows.append(OrderLineRow(lineNumber: index + 1, barcode: barcode, name: try names.name(of: barcode),
                                     quantity: Int64(line.quantity), unitPriceFen: line.unitPriceFen,
                                     lineTotalFen: line.amountFen))
        }
        return rows
    }

    static func sixDigits(_ code: UInt32) -> String {
        let text = String(code)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    static func method(_ scheme: PaymentScheme) -> String {
        switch scheme {
        case .wechat: "wechat"
        case .alipay: "alipay"
        case .unionPay: "unionpay"
        }
    }

    private static func changesLines(_ action: CoreAction) -> Bool {
        switch action {
        case .productScanned, .billLine, .creditRepaymentLine, .parcelChargeLine, .setQuantity, .removeLastLine, .voidLine, .command: true
        default: false
        }
    }

    private static func creditAccount(of action: CoreAction) -> CreditAccountID? {
        switch action {
        case .openCreditAccount(let id, _), .creditRepaid(let id, _), .tenderCredit(let id): id
        default: nil
        }
    }

    /// How an accepted gateway event changes the state of a stored code payment.
    private static func paymentState(after action: CoreAction) -> (key: PaymentKey, state: PaymentState)? {
        switch action {
        case .paymentAnswered(let key, .approved): (key, .approved)
        case .paymentAnswered(let key, .declined): (key, .declined)
        case .paymentAnswered(let key, .error): (key, .unknown)
        case .paymentTimedOut(let key): (key, .unknown)
        case .paymentQueried(let key, .paid): (key, .approved)
        case .paymentQueried(let key, .notPaid): (key, .declined)
        case .paymentQueried(let key, .unknown): (key, .reversing)
        case .paymentReversed(let key): (key, .reversed)
        default: nil
        }
    }

    static func kindName(_ action: CoreAction) -> String {
        switch action {
        case .newOrder: "newOrder"
        case .newOrderForScan: "newOrderForScan"
        case .newAssistedOrder: "newAssistedOrder"
        case .selectOrder: "selectOrder"
        case .productScanned: "productScanned"
        case .key: "key"
        case .command(let command): "command:\(command.barcode)"
        case .setQuantity: "setQuantity"
        case .removeLastLine: "removeLastLine"
        case .voidLine: "voidLine"
        case .total: "total"
        case .tenderCash: "tenderCash"
        case .tenderCode: "tenderCode"
        case .tenderCredit: "tenderCredit"
        case .paymentAnswered: "paymentAnswered"
        case .paymentTimedOut: "paymentTimedOut"
        case .paymentQueried: "paymentQueried"
        case .paymentReversed: "paymentReversed"
        case .receiptConfirmed: "receiptConfirmed"
        case .receiptPrinted: "receiptPrinted"
        case .reprintReceipt: "reprintReceipt"
        case .cancelOrder: "cancelOrder"
        case .authorise: "authorise"
        case .withdrawAuthorisation: "withdrawAuthorisation"
        case .voidOrder: "voidOrder"
        case .fulfilmentOrdered: "fulfilmentOrdered"
        case .fulfilmentArrived: "fulfilmentArrived"
        case .pickedUp: "pickedUp"
        case .openCreditAccount: "openCreditAccount"
        case .creditRepaid: "creditRepaid"
        case .orderLoaded: "orderLoaded"
        case .billLine: "billLine"
        case .creditRepaymentLine: "creditRepaymentLine"
        case .parcelChargeLine: "parcelChargeLine"
        }
    }
}

/// Product names for lines and receipts, from the catalog (weighed goods have none there).
///
/// Every event of an open order rewrites its lines, so the names of the order's products are kept,
/// at most `capacity` of them (the lines of one order): a sale asks the catalog once per product.
final class ProductNames {
    let catalog: CatalogRepository
    let locale: OperatorLocale
    private let capacity: Int
    private var known: [String: String] = [:]

    init(catalog: CatalogRepository, locale: OperatorLocale, capacity: Int) {
        self.catalog = catalog
        self.locale = locale
        self.capacity = capacity
        known.reserveCapacity(capacity)
    }

    func name(of barcode: String) throws(StoreError) -> String {
        if let name = known[barcode] { return name }
        if barcode.hasPrefix("BILL-") {
            // A bill's line (缴费): named by its number, the same on every replay.
            return (locale == .zhHans ? "缴费 " : "Bill ") + barcode.dropFirst("BILL-".count)
        }
        if barcode.hasPrefix("REPAY-") {
            // A credit repayment's line (赊账还款): named by the account, the same on every replay.
            return (locale == .zhHans ? "赊账还款 账户 " : "Credit repaid, account ") + barcode.dropFirst("REPAY-".count)
        }
        if barcode.hasPrefix("PARCEL-") {
            // A parcel's cash on delivery and storage fee (快递代收款), named by the parcel's number.
            return (locale == .zhHans ? "快递代收款 包裹 " : "Parcel COD and fee, parcel ") + barcode.dropFirst("PARCEL-".count)
        }
        let name: String
        if let key = WeighedLineKey(parsing: barcode) {
            name = weighedName(try catalog.find(barcode: key.code)?.name ?? unnamed(key.code), key)
        } else if let product = try catalog.find(barcode: barcode) {
            name = product.name
        } else if case .scaleLabel(let label) = ScanClassifier.classify(barcode.utf8),
                  let product = try catalog.find(barcode: label.catalogCode) {
            name = product.name
        } else {
            name = unnamed(barcode)
        }
        remember(name, for: barcode)
        return name
    }

    /// A weighed line's text: the name, the weight and the price per kg (`核桃 1.234kg×36.00元/kg`).
    func weighedName(_ name: String, _ key: WeighedLineKey) -> String {
        let weight = WeighedGoods.kilograms(grams: key.grams)
        let price = Money.format(fen: key.fenPerKg)
        return locale == .zhHans ? "\(name) \(weight)×\(price)元/kg" : "\(name) \(weight) × \(price)/kg"
    }

    private func unnamed(_ barcode: String) -> String {
        (locale == .zhHans ? "称重商品 " : "Weighed item ") + barcode
    }

    /// Keeps `name`, found while translating a scan, so the commit need not look it up again.
    func remember(_ name: String, for barcode: String) {
        if known.count >= capacity { known.removeAll(keepingCapacity: true) }
        known[barcode] = name
    }
}
