import KioskCore
import KioskStore

/// The running station's credit accounts (赊账), for the `credit` commands it contributes.
public protocol CreditControls: Sendable {
    /// `credit open NAME PHONE LIMIT`: opens an account; returns what happened.
    func openCreditAccount(name: String, phone: String, limitFen: Int64) throws -> String
    /// `credit list`.
    func creditAccounts() throws -> [CreditAccountListing]
    /// `credit repay N AMOUNT`: cash repaid at the counter; returns what happened.
    func repayCredit(account: Int64, fen: Int64) throws -> String
    /// `credit repay-code N AMOUNT`: opens a repayment order at the counter, paid with the villager's
    /// payment code scanned there; returns what happened.
    func openCodeRepayment(account: Int64, fen: Int64) throws -> String
    /// `credit statement N`: the account, the sales charged to it and the repayments.
    func creditStatement(account: Int64) throws -> [String]
    /// `credit print N`: the statement printed on the receipt printer; returns what happened.
    func printCreditStatement(account: Int64) throws -> String
}

/// `credit open|list|repay|repay-code|statement|print`: contributed by a running station, against its ``CreditControls``.
public enum CreditCommands {
    /// The command, calling `controls`.
    public static func nodes(_ controls: any CreditControls) -> [CommandNode] {
        [
            CommandNode("credit", summary: "station credit accounts 赊账", access: .stationOperator, children: [
                CommandNode(
                    "open", usage: "NAME PHONE LIMIT", summary: "open an account with a limit in yuan 开户",
                    access: .technician, arguments: 3...3
                ) { context, arguments in
                    guard let limit = Money.parseYuan(arguments[2]) else {
                        throw CommandFailure("credit open: LIMIT is an amount in yuan, e.g. 500 or 500.00")
                    }
                    context.print(try controls.openCreditAccount(name: arguments[0], phone: arguments[1], limitFen: limit))
                },
                CommandNode("list", summary: "accounts, limits and what each owes 账户列表", access: .stationOperator) { context, _ in
                    let accounts = try controls.creditAccounts()
                    if accounts.isEmpty { context.say("没有赊账账户", "no credit accounts") }
                    for account in accounts {
                        context.print("#\(account.id)  \(account.villagerName)  \(account.maskedPhone ?? "-")  "
                            + "owes 欠 \(ShellFormat.money(account.balance_fen)) of 额度 \(ShellFormat.money(account.limit_fen))")
                    }
                },
                CommandNode(
                    "repay", usage: "N AMOUNT", summary: "cash repaid at the counter 还款", access: .stationOperator,
                    arguments: 2...2
                ) { context, arguments in
                    let account = try ShellFormat.positiveNumber(arguments[0], "N")
                    guard let fen = Money.parseYuan(arguments[1]), fen > 0 else {
                        throw CommandFailure("credit repay: AMOUNT is an amount in yuan, e.g. 50 or 12.50")
                    }
                    context.print(try controls.repayCredit(account: account, fen: fen))
                },
                CommandNode(
                    "repay-code", usage: "N AMOUNT", summary: "repaid by payment code at the counter 扫码还款",
                    access: .stationOperator, arguments: 2...2
                ) { context, arguments in
                    let account = try ShellFormat.positiveNumber(arguments[0], "N")
                    guard let fen = Money.parseYuan(arguments[1]), fen > 0 else {
                        throw CommandFailure("credit repay-code: AMOUNT is an amount in yuan, e.g. 50 or 12.50")
                    }
                    context.print(try controls.openCodeRepayment(account: account, fen: fen))
                },
                CommandNode("statement", usage: "N", summary: "what account N owes, and for what 对账单", access: .stationOperator,
                            arguments: 1...1) { context, arguments in
                    for line in try controls.creditStatement(account: try ShellFormat.positiveNumber(arguments[0], "N")) {
                        context.print(line)
                    }
                },
                CommandNode("print", usage: "N", summary: "print account N's statement for the villager 打印对账单",
                            access: .stationOperator, arguments: 1...1) { context, arguments in
                    context.print(try controls.printCreditStatement(account: try ShellFormat.positiveNumber(arguments[0], "N")))
                },
            ]),
        ]
    }
}
