import KioskStore

/// `orders` and `payments`: listings from the books in every shell; `orders void` and `payments query`
/// contributed by a running station, against its ``SalesControls``.
public enum SalesCommands {
    /// The subcommands a running station adds, each calling `controls`.
    public static func nodes(_ controls: any SalesControls) -> [CommandNode] {
        [
            CommandNode("orders", summary: "orders 订单", access: .stationOperator, children: [
                CommandNode("void", usage: "N", summary: "void an open order 作废订单", access: .technician, arguments: 1...1) { context, arguments in
                    context.print(try controls.voidOrder(id: try ShellFormat.positiveNumber(arguments[0], "N")))
                },
            ]),
            CommandNode("payments", summary: "payments 支付", access: .stationOperator, children: [
                CommandNode("query", usage: "N", summary: "ask the gateway about payment N 查询支付", access: .technician, arguments: 1...1) { context, arguments in
                    context.print(try controls.queryPayment(id: try ShellFormat.positiveNumber(arguments[0], "N")))
                },
            ]),
        ]
    }

    /// The most rows a listing prints.
    static let listLimit = 50

    static let orders = CommandNode("orders", summary: "orders 订单", access: .stationOperator, children: [
        CommandNode("list", usage: "[N]", summary: "newest N orders 最近订单", access: .stationOperator, arguments: 0...1) { context, arguments in
            let limit = try arguments.first.map { min(Int(try ShellFormat.positiveNumber($0, "N")), listLimit) } ?? 20
            let orders = try context.host.recentOrders(limit: limit)
            if orders.isEmpty { context.say("没有订单", "no orders") }
            for order in orders {
                context.print("#\(order.id)  \(order.number)  \(order.kind)  \(order.state)  \(ShellFormat.money(order.total_fen))  \(ShellFormat.time(order.createdAt_ms))")
            }
        },
        CommandNode("show", usage: "N", summary: "one order with lines and payments 订单详情", access: .stationOperator, arguments: 1...1) { context, arguments in
            let id = try ShellFormat.positiveNumber(arguments[0], "N")
            guard let detail = try context.host.order(id: id) else {
                throw CommandFailure(context.language.pick("没有订单 #\(id)", "no order #\(id)"))
            }
            let order = detail.order
            context.print("#\(order.id)  \(order.number)  \(order.kind)  \(order.state)  \(ShellFormat.money(order.total_fen))")
            for line in detail.lines {
                context.print("  \(line.name) x\(line.quantity)  \(ShellFormat.money(line.lineTotal_fen))")
            }
            for payment in detail.payments { context.print("  " + paymentLine(payment)) }
        },
    ])

    static let payments = CommandNode("payments", summary: "payments 支付", access: .stationOperator, children: [
        CommandNode("pending", summary: "payments awaiting an answer 待确认支付", access: .stationOperator) { context, _ in
            let payments = try context.host.pendingPayments(limit: listLimit)
            if payments.isEmpty { context.say("没有待确认支付", "no pending payments") }
            for payment in payments { context.print(paymentLine(payment)) }
        },
    ])

    private static func paymentLine(_ payment: PaymentListing) -> String {
        "payment #\(payment.id)  order #\(payment.orderID)  \(payment.method)  \(payment.maskedCode ?? "-")  \(ShellFormat.money(payment.amount_fen))  \(payment.state)"
    }
}
