/// The running station's produce desk (收购), for the `produce` commands it contributes.
public protocol ProduceControls: Sendable {
    /// `produce prices`: the price list's version, prices per kg and container tares.
    func producePrices() throws -> [String]
    /// `produce purchases`: today's purchases, then the day's totals by produce and grade.
    func producePurchases() throws -> [String]
    /// `produce farmers`: the farmers remembered, most recent first.
    func produceFarmers() throws -> [String]
}

/// `produce prices|purchases|farmers`: contributed by a running station, against its ``ProduceControls``.
public enum ProduceCommands {
    public static func nodes(_ controls: any ProduceControls) -> [CommandNode] {
        [
            CommandNode("produce", summary: "buying produce from farmers 收购", access: .stationOperator, children: [
                CommandNode("prices", summary: "price per kg by produce and grade 收购价", access: .stationOperator) { context, _ in
                    for line in try controls.producePrices() { context.print(line) }
                },
                CommandNode("purchases", summary: "today's purchases and totals 今日收购", access: .stationOperator) { context, _ in
                    let lines = try controls.producePurchases()
                    if lines.isEmpty { context.say("今天还没有收购", "no purchases today") }
                    for line in lines { context.print(line) }
                },
                CommandNode("farmers", summary: "farmers the station remembers 农户", access: .stationOperator) { context, _ in
                    let lines = try controls.produceFarmers()
                    if lines.isEmpty { context.say("还没有农户", "no farmers yet") }
                    for line in lines { context.print(line) }
                },
            ]),
        ]
    }
}
