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
        "at, wait, scan, key, cash, gateway, assisted, fulfil, pickup, unplug, plug, paper, cover, power-cut, "
        + "scale, farmer, grade, tare, buy, payee, bill, biller, expect, parcel, day"

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
        case "parcel":
            action = .parcel(try parcelStep(&reader))
        case "day":
            action = .day(try dayStep(&reader))
        case "bill":
            let biller = try reader.next("a biller code such as sgcc")
            let account = try reader.next("the account: a meter, phone or ID number")
            action = .bill(biller: biller, account: account,
                           fen: reader.hasMore ? try ScenarioValues.fen(reader.next("an amount such as 50.00")) : nil)
        case "biller":
            action = try billerStep(&reader)
        case "payee":
            action = .payee(try payeeBehaviour(&reader))
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

    private static let parcelVerbs = "arrive, pickup, confirm, done, holds, return, mode or sms"

    private static func parcelStep(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> ParcelStep {
        let verb = try reader.next("a parcel step (\(parcelVerbs))")
        switch verb {
        case "arrive":
            let waybill = try reader.next("a waybill number")
            var phone: String?
            var carrier: String?
            var codFen: Int64 = 0
            var feeFen: Int64 = 0
            while reader.hasMore {
                let word = try reader.next("a phone number, a carrier, cod YUAN or fee YUAN")
                switch word {
                case "cod": codFen = try ScenarioValues.fen(reader.next("the amount to collect on delivery, in yuan"))
                case "fee": feeFen = try ScenarioValues.fen(reader.next("the storage fee, in yuan"))
                default: if word.first?.isNumber == true { phone = word } else { carrier = word }
                }
            }
            return .arrive(waybill: waybill, phone: phone, carrier: carrier, codFen: codFen, feeFen: feeFen)
        case "pickup":
            let word = try reader.next("a pickup code, code-of N or a phone's last 4 digits")
            var given = ParcelGiven.text(word)
            if word == "code-of" {
                let number = try ScenarioValues.count(reader.next("a parcel number"), minimum: 1)
                var mistake: ParcelCodeMistake?
                if reader.hasMore, let named = ParcelCodeMistake(rawValue: reader.words[reader.position]) {
                    mistake = named
                    _ = try reader.next("typo or swap")
                }
                given = .codeOf(parcel: number, mistake: mistake)
            }
            var neighbour: String?
            if reader.hasMore {
                _ = try reader.choice("\"for\" and a neighbour's name", ["for": true])
                neighbour = try reader.next("the neighbour's name")
            }
            return .pickup(given: given, neighbour: neighbour)
        case "confirm":
            return .confirm(waybill: try reader.next("a waybill number"))
        case "done":
            return .done
        case "holds":
            return .holds
        case "return":
            return .returned(waybill: try reader.next("a waybill number"))
        case "mode":
            return .mode(try reader.choice("arrival, pickup, returns or off", [
                "arrival": "arrival", "pickup": "pickup", "returns": "returns", "off": "off",
            ]))
        case "sms":
            return .sms(online: try reader.choice("on or off", ["on": true, "off": false]))
        default:
            throw ScenarioSyntaxError("expected a parcel step (\(parcelVerbs)), found \"\(verb)\"")
        }
    }

    private static func payeeBehaviour(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> SimulatedPayee.Behaviour {
        let word = try reader.next("pay, fail, pending, lose-request, lose-answer, duplicate or late")
        switch word {
        case "pay": return .pay
        case "fail": return .fail(reason: reader.hasMore ? try reader.next("a reason") : "转账失败")
        case "pending":
            return .pending(queries: reader.hasMore ? try ScenarioValues.count(reader.next("how many queries it stays pending"), minimum: 1) : 1)
        case "lose-request": return .loseRequest
        case "lose-answer": return .loseAnswer
        case "duplicate": return .duplicateAnswer
        case "late": return .lateAnswer(delayMs: try ScenarioValues.durationMs(reader.next("a delay such as 45s")))
        default:
            throw ScenarioSyntaxError("expected pay, fail, pending, lose-request, lose-answer, duplicate or late after payee, found \"\(word)\"")
        }
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
        let subject = try reader.next("order, receipts, drawer, message, message-code, parcels, parcel, z, z-count, produce, scale, bill or bills")
        switch subject {
        case "parcels":
            let counts = Dictionary(uniqueKeysWithValues: ParcelCount.allCases.map { ($0.rawValue, $0) })
            let count = try reader.choice(ParcelCount.allCases.map(\.rawValue).joined(separator: ", "), counts)
            return .parcels(count, try ScenarioValues.count(reader.next("a number of parcels"), minimum: 0))
        case "parcel":
            let parcel = try ScenarioValues.count(reader.next("a parcel number"), minimum: 1)
            _ = try reader.choice("state", ["state": true])
            return .parcelState(parcel: parcel, state: try reader.next("a state (on_shelf, picked_up, returning, returned)"))
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
        case "z":
            let z = try ScenarioValues.count(reader.next("a Z number"), minimum: 1)
            let figure = try reader.choice("float, expected, counted or variance",
                                           Dictionary(uniqueKeysWithValues: ZFigure.allCases.map { ($0.rawValue, $0) }))
            let amount = try reader.next("an amount such as 187.20 or -2.00")
            let fen = amount.hasPrefix("-") ? -(try ScenarioValues.fen(String(amount.dropFirst()))) : try ScenarioValues.fen(amount)
            return .zFigure(z: z, figure: figure, fen: fen)
        case "z-count":
            return .zCount(try ScenarioValues.count(reader.next("a number of Z reports"), minimum: 0))
        case "produce":
            switch try reader.next("purchases, paid-out, grams or payouts") {
            case "purchases": return .producePurchases(count: try ScenarioValues.count(reader.next("a number of lots"), minimum: 0))
            case "paid-out": return .producePaidOut(fen: try ScenarioValues.fen(reader.next("an amount such as 650.00")))
            case "grams":
                let word = try reader.next("net grams")
                guard let grams = Int64(word), grams >= 0 else { throw ScenarioSyntaxError("expected net grams, found \"\(word)\"") }
                return .produceGrams(grams)
            case "payouts":
                let state = try reader.choice("paid, pending or failed", ["paid": ProducePayoutPhase.paid, "pending": .pending, "failed": .failed])
                return .producePayouts(state: state, count: try ScenarioValues.count(reader.next("a number of payouts"), minimum: 0))
            case let other: throw ScenarioSyntaxError("expected purchases, paid-out, grams or payouts, found \"\(other)\"")
            }
        case "scale":
            let word = try reader.next("grams or none")
            if word == "none" { return .scaleWeight(grams: nil) }
            guard let grams = Int64(word), grams > 0 else { throw ScenarioSyntaxError("expected grams or none, found \"\(word)\"") }
            return .scaleWeight(grams: grams)
        default:
            throw ScenarioSyntaxError(
                "expected order, receipts, drawer, message, message-code, parcels, parcel, z, z-count, produce, scale, bill or bills after expect, found \"\(subject)\""
            )
        }
    }
}

extension ScenarioParser {
    /// `open [FLOAT]`, `remove AMOUNT WHY…`, `count VALUE=PIECES… [NOTE…]`, `close`.
    fileprivate static func dayStep(_ reader: inout WordReader) throws(ScenarioSyntaxError) -> DayStep {
        switch try reader.next("open, remove, count, close, x or match after day") {
        case "open":
            return .open(floatFen: reader.hasMore ? try ScenarioValues.fen(reader.next("a float such as 200")) : nil)
        case "remove":
            let fen = try ScenarioValues.fen(reader.next("an amount such as 500"))
            var why: [String] = [try reader.next("why the cash was removed")]
            while reader.hasMore { why.append(try reader.next("more words")) }
            return .removeCash(fen: fen, why: why.joined(separator: " "))
        case "count":
            var pieces: [Denomination: Int] = [:]
            var note: [String] = []
            while reader.hasMore {
                let word = try reader.next("VALUE=PIECES such as 100=3")
                let parts = word.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    note.append(word)
                    continue
                }
                let fen = try ScenarioValues.fen(String(parts[0]))
                guard let denomination = Denomination.allCases.first(where: { $0.fen == fen }) else {
                    throw ScenarioSyntaxError("expected a note or coin (100 50 20 10 5 1 0.5 0.1), found \"\(parts[0])\"")
                }
                pieces[denomination, default: 0] += try ScenarioValues.count(String(parts[1]), minimum: 0)
            }
            guard pieces.values.allSatisfy({ $0 <= Int(DrawerCount.maximumPieces) }),
                  let count = DrawerCount(pieces.mapValues { Int32($0) }) else {
                throw ScenarioSyntaxError("expected at most \(DrawerCount.maximumPieces) pieces of each note or coin")
            }
            return .count(count, note: note.isEmpty ? nil : note.joined(separator: " "))
        case "close":
            return .close
        case "x":
            return .printX
        case "match":
            let name = try reader.next("wechat or alipay after day match")
            guard let provider = ProviderStatement.Provider(rawValue: name) else {
                throw ScenarioSyntaxError("expected wechat or alipay after day match, found \"\(name)\"")
            }
            return .match(provider)
        case let other:
            throw ScenarioSyntaxError("expected open, remove, count, close, x or match after day, found \"\(other)\"")
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
    private(set) var position = 0

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
