import KioskAcquirers
import KioskCore

/// Bills (缴费): the bills journal's entries (read back at start and by the audit from a disk that may
/// have been damaged), the billers' agent service's answers (another company's bytes over the network),
/// the barcodes billers print (read by the scanner, matched against the board's formats) and the
/// billers' daily files (imported by a technician).
enum BillChecks {
    static let secret = Array("fuzz-agent-secret".utf8)

    /// An entry that decodes encodes to bytes that decode to the same entry, and encode the same again;
    /// the rules decide on it, against no bill and against a bill in each phase, without trapping.
    static func entry(_ bytes: [UInt8]) {
        guard let event = try? BillEvent(decoding: bytes) else { return }
        let again = try? BillEvent(decoding: event.encoded)
        require(again == event, "\(event) encodes to bytes that decode as \(String(describing: again))")
        require(again?.encoded == event.encoded, "\(event) does not encode the same twice")
        let rules = BillRules(policy: BillPolicy())
        _ = rules.apply(event, to: nil)
        for phase in BillPhase.allCases {
            var bill = Bill(id: event.billID, billerCode: "sgcc", billerKind: .electricity, account: "3301234567",
                            holderMasked: "张*", dueFen: 100, rule: .exact, amountFen: 100, orderID: 1, phase: phase,
                            createdAtMs: 0)
            bill.paidAtMs = phase == .awaitingCounter || phase == .cancelled ? 0 : 1
            if case .record(let decided, _) = rules.apply(event, to: bill) {
                require(decided.id == bill.id && decided.amountFen == bill.amountFen, "a decision changed the bill's number or amount")
                require(!(bill.phase.isSettled && decided.phase.isUnconfirmed), "a settled bill went back to the biller")
            }
        }
    }

    /// An answer is read only under the station's secret. What reads as a lookup or a payment's answer,
    /// written back by the service and read again, is the same; and an answer built from the input,
    /// signed, reads back as built, and no longer verifies once a byte of it changes.
    static func agentReply(_ bytes: [UInt8]) {
        let timestamp = "1700000000000"
        require(BillerAgentAnswers.verified(body: bytes, timestamp: timestamp, signature: "0", secret: secret) == nil,
                "an unsigned answer was read")
        let signature = BillerAgentAnswers.signature(secret, Array("\(timestamp)\n".utf8) + bytes)
        if let object = BillerAgentAnswers.verified(body: bytes, timestamp: timestamp, signature: signature, secret: secret) {
            if let lookup = BillerAgentAnswers.lookup(object) {
                require(readLookup(BillerAgentAnswers.body(lookup)) == lookup, "the lookup \(lookup) does not read back")
            }
            if let answer = BillerAgentAnswers.answer(object) {
                require(readAnswer(BillerAgentAnswers.body(answer)) == answer, "the answer \(answer) does not read back")
            }
        }

        var reader = ByteReader(bytes)
        let text = String(decoding: reader.take(Int(reader.byte() % 40)), as: UTF8.self)
        let built: BillerAnswer = switch reader.byte() % 4 {
        case 0: .succeeded(reference: text.isEmpty ? "R" : text)
        case 1: .failed(reason: text)
        case 2: .pending
        default: .unknown
        }
        require(readAnswer(BillerAgentAnswers.body(built)) == built, "the built answer \(built) does not read back")
        let rule: BillAmountRule = [.exact, .atLeast, .any][Int(reader.byte() % 3)]
        let lookup = BillLookup(holderName: text, dueFen: Int64(reader.byte()) * 1_000 + Int64(reader.byte()), rule: rule)
        require(readLookup(BillerAgentAnswers.body(lookup)) == lookup, "the built lookup \(lookup) does not read back")
        var body = BillerAgentAnswers.body(built)
        require(!body.isEmpty, "the answer \(built) has no body")
        let at = Int(reader.byte()) % body.count
        body[at] ^= 0x01
        let changed = BillerAgentAnswers.signature(secret, Array("\(timestamp)\n".utf8) + BillerAgentAnswers.body(built))
        require(BillerAgentAnswers.verified(body: body, timestamp: timestamp, signature: changed, secret: secret) == nil,
                "an answer changed after signing still verifies")
    }

    /// A format from the front of the input, a code from the rest: parsing and matching never trap, and
    /// a match has the format's length, an account of letters and digits, an amount of at most 12 digits.
    static func barcode(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let pattern = String(decoding: reader.take(Int(reader.byte() % 48)), as: UTF8.self)
        let code = reader.rest()
        guard let format = BillBarcodeFormat(pattern: pattern) else { return }
        require(format.length <= BillBarcodeFormat.maximumLength, "a format of \(format.length) bytes")
        guard let found = format.match(code) else { return }
        require(!found.account.isEmpty && found.account.utf8.allSatisfy { $0 < 0x80 && ($0 >= 0x30) }, "account \(found.account)")
        require((found.amountFen ?? 0) >= 0 && (found.amountFen ?? 0) < 1_000_000_000_000, "amount \(String(describing: found.amountFen))")
        require(format.match(code + [0x0D]) == found, "a trailing CR changed the match")
    }

    /// A biller's daily file parses or is refused, never traps; what parses has positive amounts and
    /// matches clean against the bills it lists.
    static func statement(_ bytes: [UInt8]) {
        guard case .success(let lines) = BillReconciliation.statement(csv: String(decoding: bytes, as: UTF8.self)) else { return }
        require(lines.allSatisfy { $0.amountFen > 0 && !$0.key.isEmpty }, "a line without key or amount parsed")
        let result = BillReconciliation(bills: [], statement: lines, stationID: "S")
        require(result.missingHere.count == lines.count && result.matched.isEmpty, "nothing here, yet something matched")
    }

    private static func readAnswer(_ body: [UInt8]) -> BillerAnswer? {
        let timestamp = "1"
        let signature = BillerAgentAnswers.signature(secret, Array("\(timestamp)\n".utf8) + body)
        return BillerAgentAnswers.verified(body: body, timestamp: timestamp, signature: signature, secret: secret)
            .flatMap(BillerAgentAnswers.answer)
    }

    private static func readLookup(_ body: [UInt8]) -> BillLookup? {
        let timestamp = "1"
        let signature = BillerAgentAnswers.signature(secret, Array("\(timestamp)\n".utf8) + body)
        return BillerAgentAnswers.verified(body: body, timestamp: timestamp, signature: signature, secret: secret)
            .flatMap(BillerAgentAnswers.lookup)
    }
}
