/// A farmer selling produce to the station (收购). Their phone is kept masked.
public struct Farmer: Sendable, Equatable {
    public let name: String
    /// `138****5678`: the first three and last four digits.
    public let maskedPhone: String
    public let village: String

    /// A farmer; nil when the name is empty or the phone is not 11 digits.
    public init?(name: String, phone: String, village: String) {
        guard !name.isEmpty, phone.utf8.count == 11, phone.utf8.allSatisfy({ ProductCode.digitValue($0) != nil }) else {
            return nil
        }
        self.name = name
        maskedPhone = String(phone.prefix(3)) + "****" + String(phone.suffix(4))
        self.village = village
    }

    /// A farmer as remembered (the phone already masked).
    public init(name: String, maskedPhone: String, village: String) {
        self.name = name
        self.maskedPhone = maskedPhone
        self.village = village
    }
}

/// How the farmer is paid.
public enum ProducePayout: UInt8, Sendable, Equatable, CaseIterable {
    /// From the drawer, journaled before it opens.
    case cash = 1
    /// To the farmer's account, carried out through the outbox under an idempotency key.
    case account = 2

    public var name: String { self == .cash ? "cash" : "account" }
}

/// What the operator asks for: a weighed lot from a farmer.
public struct PurchaseRequest: Sendable, Equatable {
    public var farmer: Farmer
    public var produce: String
    public var grade: String
    /// The container type, for its tare, and how many of them are on the scale.
    public var container: String
    public var containers: Int64
    /// The stable weight the scale took.
    public var grossGrams: Int64
    public var payout: ProducePayout

    public init(farmer: Farmer, produce: String, grade: String, container: String, containers: Int64,
                grossGrams: Int64, payout: ProducePayout) {
        self.farmer = farmer
        self.produce = produce
        self.grade = grade
        self.container = container
        self.containers = containers
        self.grossGrams = grossGrams
        self.payout = payout
    }
}

/// A purchase decided: everything the journal entry records.
public struct ProducePurchase: Sendable, Equatable {
    public var farmer: Farmer
    public var produce: String
    public var grade: String
    public var priceVersion: Int64
    public var fenPerKg: Int64
    public var gtin: String
    public var grossGrams: Int64
    public var tareGrams: Int64
    public var netGrams: Int64
    public var amountFen: Int64
    public var payout: ProducePayout
    /// The lot number: the packed date and the day's purchase number (`2609300007`), all digits so
    /// the lot label's GS1-128 stays in code set C and fits 58 mm paper.
    public var lot: String
    /// The packed date on the lot label, `YYMMDD`.
    public var packedDate: String
    public var recordedAtMs: Int64

    /// The key the account payout is carried out under: the same lot is never paid twice.
    public var idempotencyKey: String { "produce-payout-\(lot)" }
}

/// Why a purchase was refused.
public enum PurchaseRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPrice(produce: String, grade: String)
    case unknownContainer(String)
    case nothingNet(grossGrams: Int64, tareGrams: Int64)
    case amountOverflow
    /// More than 9999 purchases in a day.
    case dayFull
    /// A cash payout larger than the cash the drawer holds: pay to the farmer's account instead.
    case notEnoughCash(drawerFen: Int64, amountFen: Int64)
    /// The station has no payee to send account payouts through: pay cash.
    case noAccountPayouts
    /// The station's payee pays to an account the farmer gave, and none was given for this farmer.
    case noPayeeAccount

    public var description: String {
        switch self {
        case .unknownPrice(let produce, let grade): "no price for \(produce) grade \(grade) (无此品种等级的收购价)"
        case .unknownContainer(let name): "unknown container \(name) (未知容器)"
        case .nothingNet(let gross, let tare): "net weight is not positive: gross \(gross) g, tare \(tare) g (净重不足)"
        case .amountOverflow: "amount out of range"
        case .dayFull: "no more lot numbers today (今日批次已满)"
        case .notEnoughCash(let drawer, let amount):
            "the drawer holds ￥\(Money.format(fen: drawer)), not ￥\(Money.format(fen: amount)): pay to the farmer's account (钱箱现金不足，请转账)"
        case .noAccountPayouts: "this station has no payee for transfers: pay cash (本站不能转账，请付现金)"
        case .noPayeeAccount: "no Alipay account for this farmer: produce account LOGIN, or pay cash (请先登记农户的支付宝账号，或付现金)"
        }
    }
}

/// Decides purchases. Pure: the time, the day's purchase number and the tables are inputs.
public enum ProduceDesk {
    /// A purchase of `request` priced by `prices`: net = gross − tare × containers; the amount is
    /// net grams × fen per kg ÷ 1000, rounded half up to the fen (四舍五入). A cash payout must not
    /// exceed `drawerFen`, the cash the drawer holds.
    public static func decide(
        _ request: PurchaseRequest, prices: ProducePriceTable, tares: ContainerTares,
        packedDate: String, dayNumber: Int, atMs: Int64, drawerFen: Int64 = .max
    ) -> Result<ProducePurchase, PurchaseRefusal> {
        guard let price = prices.price(produce: request.produce, grade: request.grade) else {
            return .failure(.unknownPrice(produce: request.produce, grade: request.grade))
        }
        // No container on the pan (goods weighed loose, or poured onto it) weighs nothing.
        guard let tare = request.containers == 0 ? 0 : tares.gramsByContainer[request.container] else {
            return .failure(.unknownContainer(request.container))
        }
        guard request.containers >= 0, let tareGrams = Money.multiply(tare, by: request.containers) else {
            return .failure(.amountOverflow)
        }
        let net = request.grossGrams - tareGrams
        guard request.grossGrams > 0, net > 0 else {
            return .failure(.nothingNet(grossGrams: request.grossGrams, tareGrams: tareGrams))
        }
        guard let amount = WeighedGoods.amountFen(grams: net, fenPerKg: price.fenPerKg) else { return .failure(.amountOverflow) }
        if request.payout == .cash, amount > drawerFen {
            return .failure(.notEnoughCash(drawerFen: drawerFen, amountFen: amount))
        }
        guard (1 ... 9999).contains(dayNumber), packedDate.utf8.count == 6 else { return .failure(.dayFull) }
        let number = String(dayNumber)
        let lot = packedDate + String(repeating: "0", count: 4 - number.count) + number
        return .success(ProducePurchase(
            farmer: request.farmer, produce: request.produce, grade: request.grade, priceVersion: prices.version,
            fenPerKg: price.fenPerKg, gtin: price.gtin, grossGrams: request.grossGrams, tareGrams: tareGrams,
            netGrams: net, amountFen: amount, payout: request.payout, lot: lot, packedDate: packedDate, recordedAtMs: atMs))
    }
}

/// The lot label's GS1-128 element string: (01) GTIN, (3103) net kg to three decimals, or (3102) to
/// two above 999.999 kg, (13) packed date, (10) lot last (variable length, so no separator is needed).
public enum ProduceLotLabel {
    /// The element string, as a scanner returns it (no separator is needed: the one variable-length
    /// field comes last); nil when a field cannot be encoded (a lot over 9999.99 kg, a lot number over
    /// 20 characters).
    public static func elementString(_ purchase: ProducePurchase) -> String? {
        fields(purchase)?.joined()
    }

    /// The element string's fields in order, each its AI and data, so a label too narrow for one
    /// symbol can carry them in several (each still ending with the variable-length field, if any).
    public static func fields(_ purchase: ProducePurchase) -> [String]? {
        guard let weight = weightField(purchase.netGrams), purchase.lot.utf8.count <= 20, purchase.packedDate.utf8.count == 6 else {
            return nil
        }
        return ["01" + purchase.gtin, weight, "13" + purchase.packedDate, "10" + purchase.lot]
    }

    /// The human-readable line under the bars: `(01)…(3103)…(13)…(10)…`.
    public static func readable(_ purchase: ProducePurchase) -> String? {
        guard let weight = weightField(purchase.netGrams) else { return nil }
        return "(01)\(purchase.gtin)(\(weight.prefix(4)))\(weight.dropFirst(4))(13)\(purchase.packedDate)(10)\(purchase.lot)"
    }

    /// `3103` + six digits of grams up to 999.999 kg, else `3102` + six digits of tens of grams
    /// (rounded half up): a heavy lot still labels.
    static func weightField(_ grams: Int64) -> String? {
        let (ai, value) = grams <= 999_999 ? ("3103", grams) : ("3102", (grams + 5) / 10)
        guard value >= 0, value <= 999_999 else { return nil }
        let digits = String(value)
        return ai + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
