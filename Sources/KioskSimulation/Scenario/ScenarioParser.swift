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
        "at, wait, scan, key, cash, gateway, assisted, fulfil, pickup, unplug, plug, paper, cover, power-cut, "
        + "scale, farmer, grade, tare, buy, expect"

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
        case "scale":
            let word = try reader.next("grams, unstable or empty")
            switch word {
            case "unstable": action = .scale(.unstable)
            case "empty": action = .scale(.empty)
            default:
                guard let grams = Int64(word), grams > 0, grams <= 100_000_000 else {
                    throw ScenarioSyntaxError("expected grams (such as 2350), unstable or empty, found \"\(word)\"")
                }
                action = .scale(.weight(grams: grams))
            }
        case "farmer":
            action = .farmer(name: try reader.next("the farmer's name"), phone: try reader.next("the farmer's phone"),
                             village: try reader.next("the farmer's village"))
        case "grade":
            action = .grade(produce: try reader.next("the produce"), grade: try reader.next("its grade"))
        case "tare":
            action = .tare(container: try reader.next("a container type"),
                           count: try ScenarioValues.count(reader.next("how many containers"), minimum: 0))
        case "buy":
            action = .buy(payout: try reader.choice("cash or account", ["cash": "cash", "account": "account"]))
        case "expect":
            action = .expect(try expectation(&reader))
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

    private static func expectation(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> ScenarioExpectation {
        let subject = try reader.next("order, receipts, drawer, message, message-code, produce or scale")
        switch subject {
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
        case "produce":
            switch try reader.next("purchases, paid-out or grams") {
            case "purchases": return .producePurchases(count: try ScenarioValues.count(reader.next("a number of lots"), minimum: 0))
            case "paid-out": return .producePaidOut(fen: try ScenarioValues.fen(reader.next("an amount such as 650.00")))
            case "grams":
                let word = try reader.next("net grams")
                guard let grams = Int64(word), grams >= 0 else { throw ScenarioSyntaxError("expected net grams, found \"\(word)\"") }
                return .produceGrams(grams)
            case let other: throw ScenarioSyntaxError("expected purchases, paid-out or grams, found \"\(other)\"")
            }
        case "scale":
            let word = try reader.next("grams or none")
            if word == "none" { return .scaleWeight(grams: nil) }
            guard let grams = Int64(word), grams > 0 else { throw ScenarioSyntaxError("expected grams or none, found \"\(word)\"") }
            return .scaleWeight(grams: grams)
        default:
            throw ScenarioSyntaxError(
                "expected order, receipts, drawer, message, message-code, produce or scale after expect, found \"\(subject)\""
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
