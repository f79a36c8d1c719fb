import KioskBoard
import KioskCore
import KioskDevices
import KioskEngine
import KioskSimulation
import KioskStore

/// The produce desk of a simulated station: a simulated scale read through the same stable-weight
/// filter as a real one, the farmer, produce, grade and containers the operator enters, and purchases
/// made through the station's ``ProduceDeskService``.
final class SimulatedProduceDesk {
    private var filter: StableWeightFilter
    private let board: Board
    private var tables: (ProducePriceTable, ContainerTares)?
    /// The weight the scale last took, until a purchase uses it or the pan is emptied.
    private var takenGrams: Int64?
    /// Whether the pan is at rest: a weight is only bought while it is (a jitter that settles at the
    /// same weight makes it steady again without taking the lot twice).
    private var steady = true

    /// The weight a purchase would use now, if any.
    var weightToBuy: Int64? { steady ? takenGrams : nil }

    /// Hands the weight taken to a purchase made elsewhere (the shell's `produce weigh`): the same weight
    /// is not taken twice until the pan is weighed again.
    func takeWeight() -> Int64? {
        defer { if steady { takenGrams = nil } }
        return weightToBuy
    }
    private var farmer: Farmer?
    private var produce: (name: String, grade: String)?
    private var containers: (type: String, count: Int64) = ("", 0)
    /// What the desk last told the operator (a weight, a scale problem, a refusal), for the screen.
    private(set) var lastShown: String?

    init(board: Board) {
        filter = StableWeightFilter(readingsToAgree: BoardDevices.scaleConfiguration(board).readingsToAgree)
        self.board = board
    }

    /// Carries out a produce step; returns why it could not be, or nil.
    func perform(_ action: ScenarioAction, session: SimulationSession) -> String? {
        switch action {
        case .scale(.weight(let grams)):
            // The scale is read until the board's number of readings agree, as the driver does.
            for _ in 0..<filter.readingsToAgree { take(filter.consume(.stable(grams: grams)), session) }
            steady = true
        case .scale(.unstable):
            steady = false
            take(filter.consume(.moving), session)
        case .scale(.empty):
            takenGrams = nil
            steady = true
            take(filter.consume(.stable(grams: 0)), session)
        case .farmer(let name, let phone, let village):
            guard let known = Farmer(name: name, phone: phone, village: village) else { return "farmer needs a name and an 11-digit phone" }
            farmer = known
        case .grade(let name, let grade):
            produce = (name, grade)
        case .tare(let container, let count):
            containers = (container, Int64(count))
        case .buy(let payout):
            return buy(payout: payout == "account" ? .account : .cash, session: session)
        default:
            return nil
        }
        return nil
    }

    /// The desk as the screen shows it.
    var snapshot: ProduceDeskSnapshot {
        ProduceDeskSnapshot(weighedGrams: takenGrams, steady: steady, farmer: farmer, produce: produce?.name,
                            grade: produce?.grade, container: containers.type.isEmpty ? nil : containers.type,
                            containerCount: containers.count, lastShown: lastShown,
                            tables: loadedTables().map { (prices: $0.0, tares: $0.1) })
    }

    /// The operator picked a farmer the station already knows (their phone kept masked).
    func choose(_ known: Farmer) {
        farmer = known
    }

    private func show(_ text: String, _ session: SimulationSession) {
        lastShown = text
        session.display.show(text, nowMs: session.clockMs)
    }

    private func take(_ event: ScaleEvent?, _ session: SimulationSession) {
        switch event {
        case .weighed(let grams)?:
            takenGrams = grams
            show("称重 \(WeighedGoods.kilograms(grams: grams))", session)
        case .problem(let problem)?:
            show(problem.description, session)
        case nil:
            break
        }
    }

    /// Prices and tares from elsewhere than the board's file (the county's, applied between purchases).
    func use(_ prices: ProducePriceTable, _ tares: ContainerTares) {
        tables = (prices, tares)
    }

    /// The board's price list and tares (`produce.csv` in the folder the board was loaded from), read
    /// once; nil without one.
    func loadedTables() -> (ProducePriceTable, ContainerTares)? {
        if tables == nil { tables = try? board.produceTables()?.get() }
        return tables
    }

    private func buy(payout: ProducePayout, session: SimulationSession) -> String? {
        guard let grams = weightToBuy else { return "no stable weight on the scale to buy" }
        guard let farmer, let produce else { return "buy needs a farmer and a grade first" }
        guard let (prices, tares) = loadedTables() else { return "board \(board.name) has no readable produce.csv" }
        let desk = ProduceDeskService(engine: session.engine, database: session.database, prices: prices, tares: tares)
        let request = PurchaseRequest(farmer: farmer, produce: produce.name, grade: produce.grade, container: containers.type,
                                      containers: containers.count, grossGrams: grams, payout: payout)
        do {
            switch try desk.buy(request, nowMs: session.clockMs) {
            case .bought:
                takenGrams = nil
                return nil
            case .refused(let refusal):
                show(refusal.description, session)
                return nil
            case .notRecorded:
                return "the store refused the purchase"
            }
        } catch {
            return "could not read the store: \(error)"
        }
    }

    /// Checks a produce expectation; returns what differs, or nil.
    func check(_ expectation: ScenarioExpectation, session: SimulationSession) throws -> String? {
        let database = session.database
        switch expectation {
        case .producePurchases(let count):
            let bought = try ProduceRecords.purchases(in: database, fromMs: .min, toMs: .max).count
            return bought == count ? nil : "\(bought) lots bought, expected \(count)"
        case .producePaidOut(let fen):
            let paid = try ProduceRecords.cashPaidOutFen(in: database, fromMs: .min, toMs: .max)
            return paid == fen ? nil : "\(Money.formatWithSign(fen: paid)) paid out, expected \(Money.formatWithSign(fen: fen))"
        case .producePayouts(let state, let count):
            // `pending` counts every payout still waiting on the payee (sent or being processed).
            let payouts = try ProduceRecords.payouts(in: database).filter {
                state == .pending ? $0.payout.phase.awaitsPayee : $0.payout.phase == state
            }
            return payouts.count == count ? nil : "\(payouts.count) payouts \(state.name), expected \(count)"
        case .produceGrams(let grams):
            let bought = try ProduceRecords.purchases(in: database, fromMs: .min, toMs: .max).reduce(0) { $0 + $1.netGrams }
            return bought == grams ? nil : "\(bought) g bought, expected \(grams) g"
        case .scaleWeight(let grams):
            return weightToBuy == grams ? nil
                : "the scale holds \(weightToBuy.map { "\($0) g" } ?? "no weight"), expected \(grams.map { "\($0) g" } ?? "none")"
        default:
            return nil
        }
    }
}

/// The produce desk of a simulated station as the operator's screen shows it.
public struct ProduceDeskSnapshot {
    /// The stable weight the scale took, until a purchase uses it or the pan is emptied.
    public let weighedGrams: Int64?
    /// Whether the pan is at rest.
    public let steady: Bool
    public let farmer: Farmer?
    public let produce: String?
    public let grade: String?
    public let container: String?
    public let containerCount: Int64
    /// What the desk last told the operator.
    public let lastShown: String?
    /// The board's price list and tares; nil when the board has none.
    public let tables: (prices: ProducePriceTable, tares: ContainerTares)?
}
