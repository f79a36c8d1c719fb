import KioskEngine
import KioskCore
import KioskSimulation

/// A generated day at the counter: customers buying 1–5 catalog items and paying cash, by payment
/// code (WeChat, Alipay or UnionPay) or split, with seeded faults; every seventh also sells the
/// station a lot of produce when the board has a produce desk; about one in twelve pays a bill (缴费)
/// instead, which the biller may answer late, twice, 处理中, not at all, or refuse. Each customer is drawn from the
/// seed and their number, so a day interrupted by a power cut (or `kill -9`) continues where it was.
/// From 20:00 the day is closed (its Z) and the counter opens again at 08:00 the next morning.
public struct GeneratedDay {
    public let seed: UInt64
    public let customers: Int
    /// Chances in a million, at each step, of a fault (unplug, paper out, cover, power cut) and, at each
    /// code payment, of a gateway timeout or decline.
    public let faultRatePerMillion: UInt64
    let barcodes: [String]

    public init(seed: UInt64, customers: Int, faultRatePerMillion: UInt64, barcodes: [String]) {
        precondition(!barcodes.isEmpty, "a generated day needs a catalog")
        self.seed = seed
        self.customers = customers
        self.faultRatePerMillion = faultRatePerMillion
        self.barcodes = barcodes
    }

    /// Serves customers `first..<customers` at `session`; returns how many were served.
    @discardableResult
    public func run(on session: SimulationSession, from first: Int = 0) throws -> Int {
        var faults = FaultInjector(seed: seed ^ 0x5EED_FA17, ratePerMillion: faultRatePerMillion)
        var served = 0
        for number in first..<customers {
            var random = Xoshiro256StarStar(seed: seed &+ UInt64(number) &* SplitMix64.increment)
            try serve(number, at: session, random: &random, faults: &faults)
            parcelWork(after: number, at: session)
            served += 1
        }
        return served
    }

    private func serve(_ number: Int, at session: SimulationSession, random: inout Xoshiro256StarStar,
                       faults: inout FaultInjector) throws {
        session.advance(toMs: session.clockMs + 20_000 + Int64(random.next(below: 100_000)))
        session.settleLeftovers()
        try session.closeDayIfDue()
        // Bills are drawn from a stream of their own: the other customers of a seed stay as they were.
        var bills = Xoshiro256StarStar(seed: (seed ^ 0xB111_5EED) &+ UInt64(number) &* SplitMix64.increment)
        if bills.next(below: 12) == 0 {
            try payBill(at: session, bills: &bills, random: &random)
            return
        }
        let items = 1 + Int(random.next(below: 5))
        for _ in 0..<items {
            if let fault = faults.draw() { try session.inject(fault) }
            session.fixAllDevices()
            session.scan(Array(barcodes[Int(random.next(below: UInt64(barcodes.count)))].utf8))
            session.advance(toMs: session.clockMs + 1_500)
        }
        if let fault = faults.draw() { try session.inject(fault) }
        session.fixAllDevices()
        try pay(at: session, random: &random)
        session.fixAllDevices()
        sellProduce(number, at: session)
    }

    static let farmerNames = ["王秀英", "李建国", "张桂兰", "刘志强", "陈玉梅", "杨德福"]
    static let villages = ["石门村", "黄渚村", "花椒村", "店子村"]

    /// Every seventh customer is also a farmer selling a lot of produce (收购) on a board with a produce
    /// desk: drawn from a stream of their own, so the counter's draws stay as they were.
    private func sellProduce(_ number: Int, at session: SimulationSession) {
        guard number % 7 == 3, let (prices, tares) = session.produceDesk.loadedTables(), !prices.entries.isEmpty else { return }
        var random = Xoshiro256StarStar(seed: (seed ^ 0xFA57_0E55) &+ UInt64(number) &* SplitMix64.increment)
        let entry = prices.entries[Int(random.next(below: UInt64(prices.entries.count)))]
        let containers = tares.gramsByContainer.sorted { $0.key < $1.key }
        let container = containers.isEmpty ? nil : containers[Int(random.next(below: UInt64(containers.count)))]
        let count = container == nil ? 0 : Int(random.next(below: 3))
        let netGrams = 500 + Int64(random.next(below: 30_000))
        let gross = netGrams + Int64(count) * (container?.value ?? 0)
        var phone = "138"
        while phone.count < 11 { phone += String(random.next(below: 10)) }
        let desk = session.produceDesk
        let steps: [ScenarioAction] = [
            .farmer(name: Self.farmerNames[Int(random.next(below: UInt64(Self.farmerNames.count)))], phone: phone,
                    village: Self.villages[Int(random.next(below: UInt64(Self.villages.count)))]),
            .grade(produce: entry.produce, grade: entry.grade),
            .tare(container: container?.key ?? "", count: count),
            .scale(.empty),
            .scale(.weight(grams: gross)),
            .buy(payout: random.next(below: 3) == 0 ? "account" : "cash"),
        ]
        // Drawn after the lot, so the lots are the same with or without the payee's faults.
        if random.next(below: 1_000_000) < faultRatePerMillion * 4 { session.payee.enqueue(Self.payeeFault(&random)) }
        for step in steps { _ = desk.perform(step, session: session) }
        // A drawer short of cash refuses the cash payout: the farmer is paid to their account instead.
        if desk.weightToBuy != nil { _ = desk.perform(.buy(payout: "account"), session: session) }
        session.advance(toMs: session.clockMs + 30_000)
    }

    /// Between customers, at the board's rate, a courier drops a sack or a villager collects parcels
    /// (drawn from a stream of its own, so the counter's customers are the same with or without parcels).
    private func parcelWork(after number: Int, at session: SimulationSession) {
        var random = Xoshiro256StarStar(seed: (seed ^ 0x9A2C_E15D) &+ UInt64(number) &* SplitMix64.increment)
        guard random.next(below: 100) < UInt64(session.configuration.parcels.generatedPerHundredCustomers) else { return }
        if random.next(below: 2) == 0 {
            ParcelTraffic.courierDrop(number, at: session, random: &random)
        } else {
            ParcelTraffic.pickup(at: session, random: &random)
        }
    }

    private func pay(at session: SimulationSession, random: inout Xoshiro256StarStar) throws {
        guard let due = session.currentDueFen, due > 0 else { return }
        switch random.next(below: 10) {
        case 0..<5:
            session.engine.handle(.cash(fen: Self.roundedUp(due)), nowMs: session.clockMs)
        case 5..<9:
            if random.next(below: 1_000_000) < faultRatePerMillion {
                session.gateway.enqueue(GatewayAnswer(random.next(below: 2) == 0 ? .timeout : .decline))
            }
            session.scan(Array(Self.paymentCode(&random).utf8))
            session.advance(toMs: session.clockMs + session.configuration.paymentTimeoutMs + 5_000)
            if let stillDue = session.currentDueFen, stillDue > 0 {
                session.engine.handle(.cash(fen: Self.roundedUp(stillDue)), nowMs: session.clockMs)
            }
        default:
            session.engine.handle(.cash(fen: due / 2), nowMs: session.clockMs)
            session.scan(Array(Self.paymentCode(&random).utf8))
            session.advance(toMs: session.clockMs + 3_000)
        }
        session.advance(toMs: session.clockMs + 2_000)
    }

    /// A villager pays a bill: an account of a biller drawn from `bills`, looked up and put on an order,
    /// then paid as goods are.
    private func payBill(at session: SimulationSession, bills: inout Xoshiro256StarStar,
                         random: inout Xoshiro256StarStar) throws {
        let billers = session.configuration.billers
        guard !billers.isEmpty else { return }
        let biller = billers[Int(bills.next(below: UInt64(billers.count)))]
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(bills.next(below: 10)) }.joined() }
        let account: String
        var amountFen: Int64?
        switch biller.kind {
        case .electricity: account = "33" + digits(8)
        case .water: account = "88" + digits(6)
        case .phoneCredit:
            account = "13" + digits(9)
            amountFen = [3_000, 5_000, 10_000][Int(bills.next(below: 3))]
        case .socialInsurance: account = "3301" + digits(14)
        }
        if bills.next(below: 1_000_000) < faultRatePerMillion * 4 {
            session.biller.enqueue(Self.billerFault(&bills))
        }
        guard session.payBill(biller.code, account, fen: amountFen) == nil else { return }
        try pay(at: session, random: &random)
    }

    /// A biller misbehaving in one of the ways a real agent service does.
    static func billerFault(_ random: inout Xoshiro256StarStar) -> SimulatedBiller.Behaviour {
        switch random.next(below: 6) {
        case 0: .loseRequest
        case 1: .loseAnswer
        case 2: .duplicateAnswer
        case 3: .lateAnswer(delayMs: 5_000 + Int64(random.next(below: 120_000)))
        case 4: .pending(queries: 1 + Int(random.next(below: 3)), succeeds: random.next(below: 4) != 0)
        default: .fail(reason: "户号状态异常")
        }
    }

    /// A payee misbehaving in one of the ways a real one does (it applies to the next account payout).
    static func payeeFault(_ random: inout Xoshiro256StarStar) -> SimulatedPayee.Behaviour {
        switch random.next(below: 6) {
        case 0: .loseRequest
        case 1: .loseAnswer
        case 2: .duplicateAnswer
        case 3: .lateAnswer(delayMs: 5_000 + Int64(random.next(below: 120_000)))
        case 4: .pending(queries: 1 + Int(random.next(below: 3)))
        default: .fail(reason: "收款账户异常")
        }
    }

    /// Cash as customers hand it over: the next 10 yuan up.
    static func roundedUp(_ fen: Int64) -> Int64 {
        (fen + 999) / 1_000 * 1_000
    }

    /// A valid-looking payment code of a random scheme.
    static func paymentCode(_ random: inout Xoshiro256StarStar) -> String {
        let (prefix, length): (String, Int)
        switch random.next(below: 3) {
        case 0: (prefix, length) = (String(10 + random.next(below: 6)), 18)
        case 1: (prefix, length) = (String(25 + random.next(below: 6)), 18)
        default: (prefix, length) = ("62", 19)
        }
        var digits = prefix
        while digits.count < length { digits += String(random.next(below: 10)) }
        return digits
    }
}

extension SimulationSession {
    /// What the current order still needs, if it is waiting for payment.
    public var currentDueFen: Int64? {
        guard let id = engine.machine.currentOrderID, let order = engine.machine.order(id),
              order.phase == .open || order.phase == .totalled else { return nil }
        return order.dueFen
    }

    /// After a power cut the operator finds an unpaid sale on the counter: they cancel it and start the
    /// customer again (a sale being paid by code is left to recovery, which settles it).
    public func settleLeftovers() {
        guard let id = engine.machine.currentOrderID, let phase = engine.machine.order(id)?.phase,
              phase == .open || phase == .totalled else { return }
        engine.handle(.action(.cancelOrder), nowMs: clockMs)
    }
}
