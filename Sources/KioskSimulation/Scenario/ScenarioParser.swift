import KioskCore

/// Reads scenario text (grammar in docs/scenarios.md) into a `Scenario`.
public enum ScenarioParser {
    /// Parses `text`; the first bad line throws, naming `fileName`, the line and what was expected.
    public static func parse(_ text: String, fileName: String) throws(ScenarioParseError) -> Scenario {
        var steps: [ScenarioStep] = []
        // CR LF is one Character in Swift, so it is a line end of its own (files edited on Windows).
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            do {
                let words = try ScenarioLexer.words(of: rawLine)
                guard !words.isEmpty else { continue }
                steps.append(ScenarioStep(line: lineNumber, action: try action(from: words)))
            } catch {
                throw ScenarioParseError(fileName: fileName, line: lineNumber, message: error.message)
            }
        }
        return Scenario(fileName: fileName, steps: steps)
    }

    private static let verbs =
        "at, wait, scan, key, cash, gateway, assisted, fulfil, pickup, unplug, plug, paper, cover, power-cut, bill, biller, expect"

    private static func action(from words: [String]) throws(ScenarioSyntaxError) -> ScenarioAction {
        var reader = WordReader(words: words)
        let verb = try reader.next("a step (\(verbs))")
        let action: ScenarioAction
        switch verb {
        case "at":
            action = .at(timeOfDayMs: try ScenarioValues.timeOfDayMs(reader.next("a time of day such as 08:30:00")))
        case "wait":
            action = .wait(durationMs: try ScenarioValues.durationMs(reader.next("a duration such as 45s")))
        case "scan":
            action = .scan(try reader.next("the scanned data"))
        case "key":
            action = .key(try reader.next("a key name such as 5, point, backspace or ENTER"))
        case "cash":
            action = .cash(fen: try ScenarioValues.fen(reader.next("an amount in yuan such as 12.50")))
        case "gateway":
            action = .gateway(try gatewayAnswer(&reader))
        case "assisted":
            action = .assistedOrder(villager: try reader.next("the villager's name"),
                                    phone: try reader.next("the villager's phone number"))
        case "fulfil":
            let order = try ScenarioValues.count(reader.next("an order number"), minimum: 1)
            action = .fulfilment(order: order, step: try reader.choice("ordered or arrived", [
                "ordered": FulfilmentStep.ordered, "arrived": .arrived,
            ]))
        case "pickup":
            let order = try ScenarioValues.count(reader.next("an order number"), minimum: 1)
            action = .pickup(order: order, code: reader.hasMore ? try reader.next("a six-digit pickup code") : nil)
        case "unplug", "plug":
            let name = try reader.next("a device (scanner, printer, keypad)")
            guard let device = SimulatedDevice(rawValue: name) else {
                throw ScenarioSyntaxError("expected a device (scanner, printer, keypad), found \"\(name)\"")
            }
            action = .fault(verb == "unplug" ? .unplug(device) : .plug(device))
        case "paper":
            action = .fault(try reader.choice("out or in", ["out": .paperOut, "in": .paperIn]))
        case "cover":
            action = .fault(try reader.choice("open or close", ["open": .coverOpen, "close": .coverClose]))
        case "power-cut":
            action = .fault(.powerCut)
        case "expect":
            action = .expect(try expectation(&reader))
        case "bill":
            let biller = try reader.next("a biller code such as sgcc")
            let account = try reader.next("the account: a meter, phone or ID number")
            action = .bill(biller: biller, account: account,
                           fen: reader.hasMore ? try ScenarioValues.fen(reader.next("an amount such as 50.00")) : nil)
        case "biller":
            action = try billerStep(&reader)
        default:
            throw ScenarioSyntaxError("expected a step (\(verbs)), found \"\(verb)\"")
        }
        try reader.expectEnd()
        return action
    }

    private static func gatewayAnswer(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> GatewayAnswer {
        let outcome = try reader.choice("approve, decline, timeout or error", [
            "approve": GatewayAnswer.Outcome.approve, "decline": .decline, "timeout": .timeout, "error": .error,
        ])
        guard reader.hasMore else { return GatewayAnswer(outcome, afterMs: 0) }
        _ = try reader.choice("\"after\" and a delay", ["after": true])
        return GatewayAnswer(outcome, afterMs: try ScenarioValues.durationMs(reader.next("a delay such as 2s")))
    }

    private static func billerStep(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> ScenarioAction {
        let word = try reader.next("succeed, fail, pending, lose-request, lose-answer, duplicate, late or answers")
        switch word {
        case "succeed": return .biller(.succeed)
        case "fail": return .biller(.fail(reason: reader.hasMore ? try reader.next("a reason") : "缴费失败"))
        case "pending":
            let queries = reader.hasMore ? try ScenarioValues.count(reader.next("how many queries it stays pending"), minimum: 1) : 1
            var succeeds = true
            if reader.hasMore {
                succeeds = try reader.choice("then-succeed or then-fail", ["then-succeed": true, "then-fail": false])
            }
            return .biller(.pending(queries: queries, succeeds: succeeds))
        case "lose-request": return .biller(.loseRequest)
        case "lose-answer": return .biller(.loseAnswer)
        case "duplicate": return .biller(.duplicateAnswer)
        case "late": return .biller(.lateAnswer(delayMs: try ScenarioValues.durationMs(reader.next("a delay such as 90s"))))
        case "answers":
            let bill = try ScenarioValues.count(reader.next("a bill number"), minimum: 1)
            let answer: BillerAnswer
            switch try reader.next("success, failed or pending") {
            case "success": answer = .succeeded(reference: try reader.next("the biller's reference"))
            case "failed": answer = .failed(reason: reader.hasMore ? try reader.next("a reason") : "缴费失败")
            case "pending": answer = .pending
            case let other: throw ScenarioSyntaxError("expected success, failed or pending, found \"\(other)\"")
            }
            return .billerAnswer(bill: bill, answer)
        default:
            throw ScenarioSyntaxError(
                "expected succeed, fail, pending, lose-request, lose-answer, duplicate, late or answers, found \"\(word)\"")
        }
    }

    private static func expectation(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> ScenarioExpectation {
        let subject = try reader.next("order, receipts, drawer, message, message-code, bill or bills")
        switch subject {
        case "bill":
            let bill = try ScenarioValues.count(reader.next("a bill number"), minimum: 1)
            _ = try reader.choice("state", ["state": true])
            return .billState(bill: bill, state: try reader.next("a bill state such as succeeded"))
        case "bills":
            _ = try reader.choice("pending", ["pending": true])
            return .billsPending(count: try ScenarioValues.count(reader.next("a number of bills"), minimum: 0))
        case "order":
            let order = try ScenarioValues.count(reader.next("an order number"), minimum: 1)
            let property = try reader.choice("state or total", ["state": true, "total": false])
            if property {
                return .orderState(order: order, state: try reader.next("a state name such as paid"))
            }
            return .orderTotal(order: order, fen: try ScenarioValues.fen(reader.next("an amount such as 12.50")))
        case "receipts":
            return .receipts(count: try ScenarioValues.count(reader.next("a number of receipts"), minimum: 0))
        case "drawer":
            return .drawer(fen: try ScenarioValues.fen(reader.next("an amount such as 112.50")))
        case "message":
            return .message(contains: try reader.next("the text to find, in quotes"))
        case "message-code":
            return .messageCode(try reader.next("a message code such as CHANGE_DUE"))
        default:
            throw ScenarioSyntaxError(
                "expected order, receipts, drawer, message, message-code, bill or bills after expect, found \"\(subject)\""
            )
        }
    }
}

/// What was wrong with one line, before the file and line number are attached.
struct ScenarioSyntaxError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

/// The words of one line, consumed left to right.
private struct WordReader {
    let words: [String]
    private var position = 0

    init(words: [String]) {
        self.words = words
    }

    var hasMore: Bool { position < words.count }

    mutating func next(_ expected: String) throws(ScenarioSyntaxError) -> String {
        guard position < words.count else {
            throw ScenarioSyntaxError("expected \(expected), found the end of the line")
        }
        defer { position += 1 }
        return words[position]
    }

    mutating func choice<Value>(_ expected: String, _ options: [String: Value]) throws(ScenarioSyntaxError) -> Value {
        let word = try next(expected)
        guard let value = options[word] else {
            throw ScenarioSyntaxError("expected \(expected), found \"\(word)\"")
        }
        return value
    }

    func expectEnd() throws(ScenarioSyntaxError) {
        if position < words.count {
            throw ScenarioSyntaxError("expected the end of the line, found \"\(words[position])\"")
        }
    }
}
