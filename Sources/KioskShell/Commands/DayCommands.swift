import KioskCore

/// The running station's day close (日结), for the `day` commands it contributes.
public protocol DayControls: Sendable {
    /// `day open [FLOAT]`: opens the day with a float in fen, or the last close's counted cash.
    func openDay(floatFen: Int64?, who: String) throws -> String
    /// `day remove AMOUNT WHY…`: cash taken to the bank.
    func removeCash(fen: Int64, why: String, who: String) throws -> String
    /// `day count 100=N 50=N … [NOTE…]`: the blind count; says only what it comes to.
    func countDrawer(_ count: DrawerCount, explanation: String?, who: String) throws -> String
    /// `day x [print]`: the day so far (read-only), printed (marked X, not a close) when asked.
    func xReport(print: Bool) throws -> [String]
    /// `day z`: closes the day; the Z's lines.
    func closeDay() throws -> [String]
    /// `day show N [print]`: Z number N, and printed again (marked 补打) when asked.
    func showZ(_ z: UInt32, reprint: Bool) throws -> [String]
    /// `day match wechat|alipay FILE YYYYMMDD`: a provider's statement matched against the station's payments.
    func matchStatement(provider: ProviderStatement.Provider, path: String, businessDate: UInt32) throws -> [String]
    /// `day mismatches [YYYYMMDD]`: the statement mismatches journaled, with the acquirer's answers.
    func statementMismatches(businessDate: UInt32?) throws -> [String]
}

/// `day open|remove|count|x|z|show|match|mismatches`: contributed by a running station, against its ``DayControls``.
public enum DayCommands {
    /// The command, calling `controls`.
    public static func nodes(_ controls: any DayControls) -> [CommandNode] {
        [
            CommandNode("day", summary: "the day's close: float, count, X and Z reports 日结", access: .stationOperator, children: [
                CommandNode("open", usage: "[FLOAT]", summary: "open the day with a float in yuan (none: yesterday's count) 开班",
                            access: .stationOperator, arguments: 0...1) { context, arguments in
                    var floatFen: Int64?
                    if let text = arguments.first {
                        guard let fen = Money.parseYuan(text), fen >= 0 else {
                            throw CommandFailure("day open: FLOAT is an amount in yuan, e.g. 200 or 200.00")
                        }
                        floatFen = fen
                    }
                    context.print(try controls.openDay(floatFen: floatFen, who: context.who ?? "shell"))
                },
                CommandNode("remove", usage: "AMOUNT WHY…", summary: "cash taken to the bank, and why 解缴",
                            access: .stationOperator, arguments: 2...32) { context, arguments in
                    guard let fen = Money.parseYuan(arguments[0]), fen > 0 else {
                        throw CommandFailure("day remove: AMOUNT is an amount in yuan, e.g. 500")
                    }
                    context.print(try controls.removeCash(fen: fen, why: arguments.dropFirst().joined(separator: " "),
                                                          who: context.who ?? "shell"))
                },
                CommandNode("count", usage: "100=N 50=N 20=N 10=N 5=N 1=N 0.5=N 0.1=N [NOTE…]",
                            summary: "blind count of the drawer by note and coin 点钞", access: .stationOperator,
                            arguments: 1...40) { context, arguments in
                    let (count, note) = try parseCount(arguments)
                    context.print(try controls.countDrawer(count, explanation: note, who: context.who ?? "shell"))
                },
                CommandNode("x", usage: "[print]", summary: "the day so far, closes nothing; printed with print X报表",
                            access: .stationOperator, arguments: 0...1) { context, arguments in
                    if let word = arguments.first, word != "print" { throw CommandFailure("day x: [print]") }
                    try controls.xReport(print: !arguments.isEmpty).forEach(context.print)
                },
                CommandNode("z", summary: "close the day: the Z report, printed 日结", access: .stationOperator) { context, _ in
                    try controls.closeDay().forEach(context.print)
                },
                CommandNode("show", usage: "N [print]", summary: "Z report N, printed again marked 补打 with print",
                            access: .stationOperator, arguments: 1...2) { context, arguments in
                    guard let z = UInt32(arguments[0]), z > 0 else { throw CommandFailure("day show: N is a Z number") }
                    if arguments.count == 2, arguments[1] != "print" { throw CommandFailure("day show: N [print]") }
                    try controls.showZ(z, reprint: arguments.count == 2).forEach(context.print)
                },
                CommandNode("match", usage: "wechat|alipay FILE YYYYMMDD",
                            summary: "match a provider's statement against the day's payments 对账", access: .technician,
                            arguments: 3...3) { context, arguments in
                    guard let provider = ProviderStatement.Provider(rawValue: arguments[0]) else {
                        throw CommandFailure("day match: the provider is wechat or alipay")
                    }
                    guard arguments[2].utf8.count == 8, let date = UInt32(arguments[2]) else {
                        throw CommandFailure("day match: the date is YYYYMMDD")
                    }
                    try controls.matchStatement(provider: provider, path: arguments[1], businessDate: date).forEach(context.print)
                },
                CommandNode("mismatches", usage: "[YYYYMMDD]",
                            summary: "the statements' mismatches and what the acquirer answered 对账差异", access: .technician,
                            arguments: 0...1) { context, arguments in
                    var date: UInt32?
                    if let text = arguments.first {
                        guard text.utf8.count == 8, let value = UInt32(text) else {
                            throw CommandFailure("day mismatches: the date is YYYYMMDD")
                        }
                        date = value
                    }
                    try controls.statementMismatches(businessDate: date).forEach(context.print)
                },
            ]),
        ]
    }

    /// `100=3 0.5=2 少了一张` → the count and the note (the words that are not `VALUE=PIECES`).
    static func parseCount(_ arguments: [String]) throws -> (DrawerCount, String?) {
        var pieces: [Denomination: Int32] = [:]
        var note: [String] = []
        for argument in arguments {
            let parts = argument.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let fen = Money.parseYuan(parts[0]) else {
                note.append(argument)
                continue
            }
            guard let denomination = Denomination.allCases.first(where: { $0.fen == fen }) else {
                throw CommandFailure("day count: \(parts[0]) is not a note or coin (100 50 20 10 5 1 0.5 0.1)")
            }
            guard let number = Int32(parts[1]), number >= 0, number <= DrawerCount.maximumPieces else {
                throw CommandFailure("day count: \(argument): pieces are a whole number up to \(DrawerCount.maximumPieces)")
            }
            pieces[denomination, default: 0] += number
        }
        guard let count = DrawerCount(pieces) else {
            throw CommandFailure("day count: at most \(DrawerCount.maximumPieces) pieces of each")
        }
        return (count, note.isEmpty ? nil : note.joined(separator: " "))
    }
}
