import KioskCore

/// The running station's bills (缴费), for the `bills` commands it contributes.
public protocol BillControls: Sendable {
    /// `bills pending`: one line per bill the biller has not settled.
    func pendingBills() throws -> [String]
    /// `bills show N`: bill N as it stands.
    func showBill(_ id: Int64) throws -> [String]
    /// `bills query N`: asks the biller about bill N now; returns what happened.
    func queryBill(_ id: Int64) throws -> String
    /// `bills refund N`: gives a given-up bill's money back the way it was paid; returns what happened.
    func refundBill(_ id: Int64) throws -> String
    /// `bills reprint ACCOUNT`: prints again the proof (or 处理中 slip) of the account's newest bills.
    func reprintBills(account: String) throws -> String
    /// `bills billers`: one line per biller offered (the board's, or the county's list once applied).
    func billers() throws -> [String]
    /// `bills lookup BILLER ACCOUNT`: asks the biller who holds the account and what is due.
    func lookUpBill(billerCode: String, account: String) throws -> String
    /// `bills open [AMOUNT]`: puts the looked-up bill on a new counter order, for AMOUNT or the amount due.
    func openBill(amountFen: Int64?) throws -> String
}

/// `bills pending|show|query|refund|reprint|billers|lookup|open`: contributed by a running station, against its ``BillControls``.
public enum BillCommands {
    /// The command, calling `controls`.
    public static func nodes(_ controls: any BillControls) -> [CommandNode] {
        [
            CommandNode("bills", summary: "bills and top-ups 缴费", access: .stationOperator, children: [
                CommandNode("pending", summary: "bills the biller has not settled 处理中", access: .stationOperator) { context, _ in
                    let lines = try controls.pendingBills()
                    if lines.isEmpty { context.say("没有处理中的缴费", "no bills pending") }
                    lines.forEach(context.print)
                },
                CommandNode("show", usage: "N", summary: "bill N 缴费详情", access: .stationOperator, arguments: 1...1) { context, arguments in
                    try controls.showBill(try ShellFormat.positiveNumber(arguments[0], "N")).forEach(context.print)
                },
                CommandNode("query", usage: "N", summary: "ask the biller about bill N now 查询", access: .stationOperator,
                            arguments: 1...1) { context, arguments in
                    context.print(try controls.queryBill(try ShellFormat.positiveNumber(arguments[0], "N")))
                },
                CommandNode("refund", usage: "N", summary: "give a given-up bill's money back, once the biller confirms it holds none 退款",
                            access: .technician, arguments: 1...1) { context, arguments in
                    context.print(try controls.refundBill(try ShellFormat.positiveNumber(arguments[0], "N")))
                },
                CommandNode("billers", summary: "the billers offered, for lookup 缴费单位", access: .stationOperator) { context, _ in
                    let lines = try controls.billers()
                    if lines.isEmpty { context.say("本站不办理缴费", "this station pays no bills") }
                    lines.forEach(context.print)
                },
                CommandNode("lookup", usage: "BILLER ACCOUNT", summary: "look an account up at a biller 查询户号",
                            access: .stationOperator, arguments: 2...2) { context, arguments in
                    context.print(try controls.lookUpBill(billerCode: arguments[0], account: arguments[1]))
                },
                CommandNode("open", usage: "[AMOUNT]", summary: "put the looked-up bill on a counter order 开缴费单",
                            access: .stationOperator, arguments: 0...1) { context, arguments in
                    var amount: Int64?
                    if let text = arguments.first {
                        guard let fen = Money.parseYuan(text), fen > 0 else {
                            throw CommandFailure("bills open: AMOUNT is an amount in yuan, e.g. 50 or 123.45")
                        }
                        amount = fen
                    }
                    context.print(try controls.openBill(amountFen: amount))
                },
                CommandNode("reprint", usage: "ACCOUNT", summary: "print a bill's proof again, by phone or account 补打凭证",
                            access: .stationOperator, arguments: 1...1) { context, arguments in
                    context.print(try controls.reprintBills(account: arguments[0]))
                },
            ]),
        ]
    }

    /// One line of a bill for the shell: number, biller, masked account, amount, state, reference or flag.
    public static func line(_ bill: Bill, nextQueryAtMs: Int64?, time: (Int64) -> String) -> String {
        var text = "#\(bill.id)  \(bill.billerCode)  \(bill.maskedAccount)  \(ShellFormat.money(bill.amountFen))  \(bill.phase.name)"
        text += "  order \(bill.orderID)"
        if let reference = bill.reference { text += "  ref \(reference)" }
        if bill.phase.isUnconfirmed {
            text += "  paid \(time(bill.paidAtMs))  queries \(bill.queries)"
            if let next = nextQueryAtMs { text += "  next query \(time(next))" }
        }
        if let reason = bill.failureReason { text += "  failed: \(reason)" }
        if let flag = bill.flag { text += "  FLAG: \(flag)" }
        return text
    }
}
