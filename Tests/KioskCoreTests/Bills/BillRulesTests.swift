import Testing
@testable import KioskCore

@Suite("A bill's life: looked up, paid at the counter, paid to the biller, settled once")
struct BillRulesTests {
    static let electricity = Biller(code: "sgcc", name: "国网电费", kind: .electricity)
    static let phone = Biller(code: "cmcc", name: "移动话费", kind: .phoneCredit)
    static let rules = BillRules(policy: BillPolicy(maxAmountFen: 100_000, firstQueryAfterMs: 30_000, pendingQueryLimitMs: 600_000))

    static func opening(_ biller: Biller = electricity, account: String = "3301234567", dueFen: Int64 = 12_345,
                        rule: BillAmountRule = .exact, amountFen: Int64 = 12_345) -> BillEvent {
        BillEvent(timeMs: 1_000, billID: 1, .opened(BillOpening(
            biller: biller, account: account, lookup: BillLookup(holderName: "王小明", dueFen: dueFen, rule: rule),
            amountFen: amountFen, orderID: 7)))
    }

    /// Applies `events` in order from no bill; returns the bill and the effects of the last event.
    static func run(_ events: [BillEvent]) -> (Bill?, [BillEffect], BillDecision?) {
        var bill: Bill?
        var effects: [BillEffect] = []
        var last: BillDecision?
        for event in events {
            let decision = rules.apply(event, to: bill)
            last = decision
            if case .record(let next, let asked) = decision {
                bill = next
                effects = asked
            }
        }
        return (bill, effects, last)
    }

    static func at(_ ms: Int64, _ action: BillAction) -> BillEvent { BillEvent(timeMs: ms, billID: 1, action) }

    @Test("an exact bill refuses another amount; at least refuses less; any takes what is above zero and under the limit")
    func amountRules() {
        #expect(Self.rules.apply(Self.opening(amountFen: 12_300), to: nil) == .refused(.amountMustBeExact(12_345)))
        #expect(Self.rules.apply(Self.opening(rule: .atLeast, amountFen: 12_000), to: nil) == .refused(.amountBelowDue(12_345)))
        if case .record(let bill, _) = Self.rules.apply(Self.opening(rule: .atLeast, amountFen: 20_000), to: nil) {
            #expect(bill.amountFen == 20_000 && bill.phase == .awaitingCounter && bill.holderMasked == "王*明")
        } else {
            Issue.record("a water bill paid ahead is refused")
        }
        #expect(Self.rules.apply(Self.opening(Self.phone, account: "13812345678", dueFen: 0, rule: .any, amountFen: 0), to: nil)
            == .refused(.amountInvalid))
        #expect(Self.rules.apply(Self.opening(Self.phone, account: "13812345678", dueFen: 0, rule: .any, amountFen: 200_000), to: nil)
            == .refused(.amountOverLimit(100_000)))
        #expect(Self.rules.apply(Self.opening(Self.phone, account: "2381234567", dueFen: 0, rule: .any, amountFen: 5_000), to: nil)
            == .refused(.accountInvalid))
    }

    @Test("paid at the counter, the biller is paid and a query scheduled; success prints the proof with the reference")
    func successPrintsProof() {
        let (sent, effects, _) = Self.run([Self.opening(), Self.at(2_000, .paidAtCounter)])
        #expect(sent?.phase == .sent)
        #expect(effects == [.payBiller, .scheduleQuery(atMs: 32_000)])
        let (paid, proof, _) = Self.run([Self.opening(), Self.at(2_000, .paidAtCounter), Self.at(3_000, .answered(.succeeded(reference: "R1")))])
        #expect(paid?.phase == .succeeded && paid?.reference == "R1" && paid?.settledAtMs == 3_000)
        #expect(proof == [.printProof])
    }

    @Test("pending prints the 处理中 slip once; queries back off but never wait longer than the limit")
    func pendingQueriedOnSchedule() {
        var events = [Self.opening(), Self.at(0, .paidAtCounter), Self.at(100, .answered(.pending))]
        let (pending, slip, _) = Self.run(events)
        #expect(pending?.phase == .pending && slip == [.printPendingSlip])
        #expect(Self.run(events + [Self.at(200, .answered(.pending))]).2 == .unchanged(.stillPending))
        var lastContact: Int64 = 0
        var nowMs: Int64 = 30_000
        for _ in 0 ..< 12 {
            events.append(Self.at(nowMs, .queryDue))
            let (bill, effects, _) = Self.run(events)
            guard case .scheduleQuery(let next)? = effects.last else { Issue.record("no query scheduled"); return }
            #expect(effects.first == .queryBiller)
            #expect(next - nowMs <= 600_000, "a pending bill waits at most the limit for its next query")
            #expect(next - nowMs >= nowMs - lastContact || next - nowMs == 600_000, "queries back off")
            lastContact = bill!.lastContactMs
            nowMs = next
        }
        #expect(nowMs - lastContact == 600_000, "the back-off reaches the limit")
    }

    @Test("failure refunds with a slip; a late success after it is flagged for the technician, once; repeats change nothing")
    func failureRefundsAndLateSuccessIsFlagged() {
        let failed = [Self.opening(), Self.at(0, .paidAtCounter), Self.at(500, .answered(.failed(reason: "户号已销户")))]
        let (refunding, effects, _) = Self.run(failed)
        #expect(refunding?.phase == .refunding && refunding?.failureReason == "户号已销户")
        #expect(effects == [.refund, .printRefundSlip])
        #expect(Self.run(failed + [Self.at(600, .answered(.failed(reason: "again")))]).2 == .unchanged(.settled))
        let refunded = failed + [Self.at(700, .refundDone)]
        #expect(Self.run(refunded).0?.phase == .refunded)
        let (flagged, flagEffects, _) = Self.run(refunded + [Self.at(900, .answered(.succeeded(reference: "R9")))])
        #expect(flagged?.phase == .refunded, "the refund stands")
        #expect(flagged?.flag?.contains("R9") == true && flagEffects == [.flagTechnician])
        #expect(Self.run(refunded + [Self.at(900, .answered(.succeeded(reference: "R9"))), Self.at(950, .answered(.succeeded(reference: "R9")))]).2
            == .unchanged(.settled))
    }

    @Test("a duplicate success and a late pending change nothing settled; a lost payment is sent again under the same key")
    func duplicatesAndLostPayments() {
        let paid = [Self.opening(), Self.at(0, .paidAtCounter), Self.at(10, .answered(.succeeded(reference: "R1")))]
        #expect(Self.run(paid + [Self.at(20, .answered(.succeeded(reference: "R1")))]).2 == .unchanged(.settled))
        #expect(Self.run(paid + [Self.at(20, .answered(.pending))]).2 == .unchanged(.settled))
        #expect(Self.run(paid + [Self.at(20, .queryDue)]).2 == .unchanged(.settled))
        let (resent, effects, _) = Self.run([Self.opening(), Self.at(0, .paidAtCounter), Self.at(30_000, .queryDue),
                                             Self.at(30_100, .answered(.unknown))])
        #expect(resent?.phase == .sent && effects.first == .payBiller)
        #expect(Self.run([Self.opening(), Self.at(5, .answered(.succeeded(reference: "X")))]).2 == .unchanged(.notSent),
                "an answer before the counter has the money pays nothing")
    }

    @Test("a cancelled counter order cancels the bill; it cannot be paid after")
    func cancelled() {
        let (bill, _, _) = Self.run([Self.opening(), Self.at(10, .cancelledAtCounter)])
        #expect(bill?.phase == .cancelled)
        #expect(Self.run([Self.opening(), Self.at(10, .cancelledAtCounter), Self.at(20, .paidAtCounter)]).2 == .unchanged(.alreadyPast))
    }

    @Test("every entry decodes to itself; truncated or unknown bytes are refused")
    func codecRoundTrips() throws {
        let events: [BillEvent] = [
            Self.opening(), Self.at(1, .paidAtCounter), Self.at(2, .cancelledAtCounter),
            Self.at(3, .answered(.succeeded(reference: "BL100001"))), Self.at(4, .answered(.failed(reason: "余额不足"))),
            Self.at(5, .answered(.pending)), Self.at(6, .answered(.unknown)), Self.at(7, .queryDue), Self.at(8, .refundDone),
            Self.at(9, .reprinted),
        ]
        for event in events {
            #expect(try BillEvent(decoding: event.encoded) == event)
            #expect(throws: EventDecodingError.self) { try BillEvent(decoding: event.encoded.dropLast()) }
        }
        var unknown = Self.at(1, .paidAtCounter).encoded
        unknown[1] = 99
        #expect(throws: EventDecodingError.unknownTag(99)) { try BillEvent(decoding: unknown) }
    }

    @Test("accounts and names are masked for paper and screen")
    func masking() {
        #expect(BillMasking.account("13812345678", kind: .phoneCredit) == "138****5678")
        #expect(BillMasking.account("33010219500101123X", kind: .socialInsurance) == "3301**********123X")
        #expect(BillMasking.account("3301234567", kind: .electricity) == "******4567")
        #expect(BillMasking.holder("张三") == "张*")
        #expect(BillMasking.isValid("33010219500101123X", kind: .socialInsurance))
        #expect(!BillMasking.isValid("3301021950010112", kind: .socialInsurance))
    }
}
