import KioskCore

/// One step of a purchase put together at the shell (收购).
public enum ProduceStep: Sendable, Equatable {
    /// The farmer: new (name, 11-digit phone, village) or remembered (name alone).
    case farmer(name: String, phone: String?, village: String?)
    /// The account the farmer is paid to by transfer (their Alipay login).
    case account(login: String)
    case grade(produce: String, grade: String)
    /// The container type and how many are on the pan.
    case tare(container: String, count: Int64)
    /// Take the stable weight from the scale (on a simulated station, `grams` is first put on its pan).
    case weigh(grams: Int64?)
    /// Price the purchase as it stands, for the operator to confirm.
    case confirm
    case pay(ProducePayout)
    /// The purchase as it stands.
    case show
    /// Start again.
    case clear
}

/// The running station's produce desk (收购), for the `produce` commands it contributes.
public protocol ProduceControls: Sendable {
    /// `produce prices`: the price list's version, prices per kg and container tares.
    func producePrices() throws -> [String]
    /// `produce purchases`: the business day's purchases (the calendar day's when none is open), then
    /// the totals by produce and grade and the cash paid out.
    func producePurchases() throws -> [String]
    /// `produce farmers`: the farmers remembered, most recent first.
    func produceFarmers() throws -> [String]
    /// `produce payouts`: every account payout, paid, pending or failed.
    func producePayouts() throws -> [String]
    /// `produce payout-query LOT`: asks the payee about the payout of LOT now.
    func queryPayout(lot: String) throws -> String
    /// A step of the purchase being put together; what to show the operator.
    func produceStep(_ step: ProduceStep) throws -> [String]
}

/// `produce prices|purchases|farmers|payouts|payout-query` and the purchase steps `produce
/// farmer|account|grade|tare|weigh|confirm|pay|show|clear`: contributed by a running station, against its
/// ``ProduceControls``.
public enum ProduceCommands {
    public static func nodes(_ controls: any ProduceControls) -> [CommandNode] {
        func step(_ name: String, usage: String = "", summary: String, arguments: ClosedRange<Int> = 0...0,
                  _ parse: @escaping @Sendable ([String]) throws -> ProduceStep) -> CommandNode {
            CommandNode(name, usage: usage, summary: summary, access: .stationOperator, arguments: arguments) { context, words in
                for line in try controls.produceStep(try parse(words)) { context.print(line) }
            }
        }
        return [
            CommandNode("produce", summary: "buying produce from farmers 收购", access: .stationOperator, children: [
                CommandNode("prices", summary: "price per kg by produce and grade 收购价", access: .stationOperator) { context, _ in
                    for line in try controls.producePrices() { context.print(line) }
                },
                CommandNode("purchases", summary: "the business day's purchases and totals 今日收购", access: .stationOperator) { context, _ in
                    let lines = try controls.producePurchases()
                    if lines.isEmpty { context.say("今天还没有收购", "no purchases today") }
                    for line in lines { context.print(line) }
                },
                CommandNode("farmers", summary: "farmers the station remembers 农户", access: .stationOperator) { context, _ in
                    let lines = try controls.produceFarmers()
                    if lines.isEmpty { context.say("还没有农户", "no farmers yet") }
                    for line in lines { context.print(line) }
                },
                CommandNode("payouts", summary: "account payouts to farmers: paid, pending, failed 转账", access: .stationOperator) { context, _ in
                    let lines = try controls.producePayouts()
                    if lines.isEmpty { context.say("没有转账", "no account payouts") }
                    for line in lines { context.print(line) }
                },
                CommandNode("payout-query", usage: "LOT", summary: "ask the payee about a lot's payout now 查询转账",
                            access: .stationOperator, arguments: 1...1) { context, words in
                    context.print(try controls.queryPayout(lot: words[0]))
                },
                step("farmer", usage: "NAME [PHONE VILLAGE]", summary: "the farmer selling (a name alone: one remembered) 农户",
                     arguments: 1...3) { words in
                    guard words.count != 2 else { throw CommandFailure("produce farmer: NAME alone, or NAME PHONE VILLAGE") }
                    return .farmer(name: words[0], phone: words.count == 3 ? words[1] : nil, village: words.count == 3 ? words[2] : nil)
                },
                step("account", usage: "LOGIN", summary: "the farmer's Alipay account for transfers (mobile or e-mail) 收款账号",
                     arguments: 1...1) { words in .account(login: words[0]) },
                step("grade", usage: "PRODUCE GRADE", summary: "the produce and its grade 品种等级", arguments: 2...2) { words in
                    .grade(produce: words[0], grade: words[1])
                },
                step("tare", usage: "CONTAINER [COUNT]", summary: "containers on the pan (default 1) 皮重", arguments: 1...2) { words in
                    guard let count = words.count == 2 ? Int64(words[1]) : 1, count >= 0 else {
                        throw CommandFailure("produce tare: COUNT is a whole number of containers")
                    }
                    return .tare(container: words[0], count: count)
                },
                step("weigh", usage: "[GRAMS]", summary: "take the stable weight from the scale 称重", arguments: 0...1) { words in
                    guard let text = words.first else { return .weigh(grams: nil) }
                    guard let grams = Int64(text), grams > 0 else { throw CommandFailure("produce weigh: GRAMS is a whole number above 0") }
                    return .weigh(grams: grams)
                },
                step("confirm", summary: "price the purchase for the farmer to agree 确认价格") { _ in .confirm },
                step("pay", usage: "cash|account", summary: "buy the confirmed lot and pay the farmer 付款", arguments: 1...1) { words in
                    switch words[0] {
                    case "cash": return .pay(.cash)
                    case "account": return .pay(.account)
                    default: throw CommandFailure("produce pay: cash or account")
                    }
                },
                step("show", summary: "the purchase being put together 当前收购") { _ in .show },
                step("clear", summary: "start the purchase again 清除") { _ in .clear },
            ]),
        ]
    }
}
