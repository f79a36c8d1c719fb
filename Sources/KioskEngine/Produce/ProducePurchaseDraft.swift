import KioskCore
import KioskStore

/// A purchase put together step by step at a running station's produce desk (the shell's `produce
/// farmer|grade|tare|weigh|confirm|pay`): the farmer, the produce and grade, the containers on the pan,
/// the weight the scale took. It is bought only once the operator has confirmed the price quoted from
/// exactly these entries: any change after that asks for a new confirmation.
public struct ProducePurchaseDraft: Sendable, Equatable {
    public var farmer: Farmer?
    /// The account the farmer is paid to by transfer: the one they gave now, or last time.
    public var payeeAccount: PayeeAccount?
    public var produce: String?
    public var grade: String?
    public var container = ""
    public var containers: Int64 = 0
    /// The stable weight the scale took, grams.
    public var grossGrams: Int64?
    /// The entries the operator confirmed the quote for; nil until `produce confirm`.
    public private(set) var confirmed: PurchaseRequest?

    public init() {}

    /// What is still missing before a quote, in the operator's words; nil when nothing is.
    public var missing: String? {
        if farmer == nil { return "no farmer yet: produce farmer NAME [PHONE VILLAGE] (先登记农户)" }
        if produce == nil || grade == nil { return "no produce and grade yet: produce grade PRODUCE GRADE (先选品种等级)" }
        if grossGrams == nil { return "no weight yet: produce weigh (先称重)" }
        return nil
    }

    /// The request these entries make, paid by `payout`; nil while something is missing.
    public func request(payout: ProducePayout) -> PurchaseRequest? {
        guard let farmer, let produce, let grade, let grossGrams else { return nil }
        return PurchaseRequest(farmer: farmer, produce: produce, grade: grade, container: container, containers: containers,
                               grossGrams: grossGrams, payout: payout)
    }

    /// Remembers that the operator confirmed the quote of the current entries.
    public mutating func confirm() {
        confirmed = request(payout: .cash)
    }

    /// Whether the current entries are the ones confirmed.
    public var isConfirmed: Bool { confirmed != nil && confirmed == request(payout: .cash) }
}

/// The produce desk of a running station for the shell: the draft being put together, priced by the
/// board's tables and bought through ``ProduceDeskService``. Called on the engine's loop.
public final class ProduceDeskCounter {
    public let desk: ProduceDeskService
    public private(set) var draft = ProducePurchaseDraft()

    public init(desk: ProduceDeskService) {
        self.desk = desk
    }

    /// Why a step was refused, in the operator's words.
    public struct StepRefused: Error, CustomStringConvertible {
        public let description: String
    }

    /// The farmer selling: a new one by name, 11-digit phone and village, or one the station remembers by
    /// name alone (their phone kept masked).
    public func farmer(name: String, phone: String?, village: String?) throws -> String {
        let farmer: Farmer
        if let phone {
            guard let new = Farmer(name: name, phone: phone, village: village ?? "") else {
                throw StepRefused(description: "a farmer needs a name and an 11-digit phone (姓名和11位手机号)")
            }
            farmer = new
        } else {
            let known = try ProduceRecords.farmers(named: name, in: desk.database)
            guard known.count == 1, let remembered = known.first else {
                throw StepRefused(description: known.isEmpty
                    ? "no farmer \(name) remembered: give the phone and village (新农户请输入手机号和村)"
                    : "\(known.count) farmers are called \(name): give the phone (重名，请输入手机号)")
            }
            farmer = remembered
        }
        return try use(farmer)
    }

    /// A farmer the station remembers, chosen from a list (the screen's produce page).
    public func choose(_ farmer: Farmer) throws -> String {
        try use(farmer)
    }

    /// The farmer selling, with the account they last gave (if the station remembers them).
    private func use(_ farmer: Farmer) throws -> String {
        draft.farmer = farmer
        draft.payeeAccount = try ProduceRecords.payeeAccount(of: farmer, in: desk.database)
        return "farmer 农户 \(farmer.name) \(farmer.maskedPhone) \(farmer.village)"
            + (draft.payeeAccount.map { "  account 收款账号 \($0.masked)" } ?? "")
    }

    /// The account the farmer is paid to by transfer (their Alipay login: a mobile number or an e-mail
    /// address), remembered with the farmer once a purchase is bought.
    public func account(_ login: String) throws -> String {
        guard draft.farmer != nil else { throw StepRefused(description: "no farmer yet: produce farmer NAME [PHONE VILLAGE] (先登记农户)") }
        guard let account = PayeeAccount(login) else {
            throw StepRefused(description: "an Alipay account is an 11-digit mobile number or an e-mail address (支付宝账号为手机号或邮箱)")
        }
        draft.payeeAccount = account
        return "account 收款账号 \(account.masked)"
    }

    /// The produce and grade on the pan; refused when the price list has no price for them.
    public func grade(produce: String, grade: String) throws -> String {
        guard let price = desk.prices.price(produce: produce, grade: grade) else {
            throw StepRefused(description: PurchaseRefusal.unknownPrice(produce: produce, grade: grade).description)
        }
        draft.produce = produce
        draft.grade = grade
        return "\(produce) \(grade)  \(Money.formatWithSign(fen: price.fenPerKg))/kg (price list v\(desk.prices.version))"
    }

    /// The container type and how many are on the pan (0: goods loose on the pan).
    public func tare(container: String, count: Int64) throws -> String {
        guard count == 0 || desk.tares.gramsByContainer[container] != nil else {
            throw StepRefused(description: PurchaseRefusal.unknownContainer(container).description)
        }
        guard (0...100).contains(count) else { throw StepRefused(description: "between 0 and 100 containers") }
        draft.container = container
        draft.containers = count
        let grams = (desk.tares.gramsByContainer[container] ?? 0) * count
        return "tare 皮重 \(count) × \(container) = \(WeighedGoods.kilograms(grams: grams))"
    }

    /// The stable weight the scale took.
    public func weighed(grams: Int64) -> String {
        draft.grossGrams = grams
        return "gross 毛重 \(WeighedGoods.kilograms(grams: grams))"
    }

    /// Prices the draft as it stands and remembers that the operator saw this quote.
    public func confirm(nowMs: Int64) throws -> [String] {
        if let missing = draft.missing { throw StepRefused(description: missing) }
        guard let request = draft.request(payout: .cash) else { throw StepRefused(description: "nothing to confirm") }
        let quote: ProducePurchase
        switch ProduceDesk.decide(request, prices: desk.prices, tares: desk.tares, packedDate: "000000", dayNumber: 1, atMs: nowMs) {
        case .success(let priced): quote = priced
        case .failure(let refusal): throw StepRefused(description: refusal.description)
        }
        draft.confirm()
        return [
            "farmer 农户 \(quote.farmer.name) \(quote.farmer.maskedPhone) \(quote.farmer.village)",
            "\(quote.produce) \(quote.grade)  gross 毛重 \(WeighedGoods.kilograms(grams: quote.grossGrams))  "
                + "tare 皮重 \(WeighedGoods.kilograms(grams: quote.tareGrams))  net 净重 \(WeighedGoods.kilograms(grams: quote.netGrams))",
            "\(Money.formatWithSign(fen: quote.fenPerKg))/kg × net = \(Money.formatWithSign(fen: quote.amountFen)) "
                + "(rounded half up to the fen 四舍五入到分)",
            "pay with: produce pay cash | produce pay account",
        ]
    }

    /// Buys the confirmed draft, paid by `payout`; the draft starts afresh once it is bought.
    public func pay(_ payout: ProducePayout, nowMs: Int64) throws -> String {
        guard draft.isConfirmed, let request = draft.request(payout: payout) else {
            throw StepRefused(description: draft.missing ?? "confirm the price first: produce confirm (先确认价格)")
        }
        switch try desk.buy(request, payeeAccount: draft.payeeAccount, nowMs: nowMs) {
        case .bought(let purchase, _):
            draft = ProducePurchaseDraft()
            let paid = payout == .cash ? "paid in cash from the drawer 现金已付" : "sent to the farmer's account 已提交转账"
            return "lot 批次 \(purchase.lot)  \(WeighedGoods.kilograms(grams: purchase.netGrams))  "
                + "\(Money.formatWithSign(fen: purchase.amountFen))  \(paid); receipt and lot label printed"
        case .refused(let refusal):
            throw StepRefused(description: refusal.description)
        case .notRecorded:
            throw StepRefused(description: "the store refused the purchase: nothing was paid (未保存，未付款)")
        }
    }

    /// Starts the draft afresh.
    public func clear() {
        draft = ProducePurchaseDraft()
    }

    /// The draft as it stands, one line per entry.
    public func describe() -> [String] {
        var lines: [String] = []
        if let farmer = draft.farmer { lines.append("farmer 农户 \(farmer.name) \(farmer.maskedPhone) \(farmer.village)") }
        if let account = draft.payeeAccount { lines.append("account 收款账号 \(account.masked)") }
        if let produce = draft.produce, let grade = draft.grade { lines.append("produce 品种 \(produce) \(grade)") }
        if draft.containers > 0 { lines.append("containers 容器 \(draft.containers) × \(draft.container)") }
        if let grams = draft.grossGrams { lines.append("gross 毛重 \(WeighedGoods.kilograms(grams: grams))") }
        lines.append(draft.isConfirmed ? "confirmed 已确认: produce pay cash|account" : (draft.missing ?? "not confirmed: produce confirm"))
        return lines
    }
}
