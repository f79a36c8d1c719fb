import Testing
@testable import KioskCore

@Suite("Bills given up on the biller, and billers' barcodes")
struct BillGiveUpAndBarcodeTests {
    static let rules = BillRules(policy: BillPolicy(firstQueryAfterMs: 30_000, pendingQueryLimitMs: 600_000, giveUpAfterMs: 3_600_000))
    static let start = [BillRulesTests.opening(), BillRulesTests.at(1_000, .paidAtCounter), BillRulesTests.at(2_000, .answered(.pending))]

    static func run(_ events: [BillEvent]) -> (Bill?, [BillEffect], BillDecision?) {
        var bill: Bill?
        var effects: [BillEffect] = []
        var last: BillDecision?
        for event in events {
            let decision = rules.apply(event, to: bill)
            last = decision
            if case .record(let next, let asked) = decision { bill = next; effects = asked }
        }
        return (bill, effects, last)
    }

    @Test("queries are never planned past the deadline; giving up before it changes nothing; at it, the bill is flagged with a slip")
    func giveUpAtTheDeadline() {
        var bill = Self.run(Self.start).0!
        for _ in 0 ..< 20 { bill.queries += 1; bill.lastContactMs = Self.rules.policy.nextQueryAtMs(bill) }
        #expect(Self.rules.policy.nextQueryAtMs(bill) == 1_000 + 3_600_000)
        #expect(Self.run(Self.start + [BillRulesTests.at(3_600_999, .gaveUp)]).2 == .unchanged(.notDue))
        let (givenUp, effects, _) = Self.run(Self.start + [BillRulesTests.at(3_601_000, .gaveUp)])
        #expect(givenUp?.phase == .givenUp && givenUp?.flag?.contains("3600 s") == true)
        #expect(effects == [.flagTechnician, .printGivenUpSlip])
    }

    @Test("a given-up bill: queried only by hand, unmoved by pending or unknown, settled by the biller or refunded by the technician")
    func givenUpSettles() throws {
        let givenUp = Self.start + [BillRulesTests.at(3_601_000, .gaveUp)]
        #expect(Self.run(givenUp + [BillRulesTests.at(3_700_000, .queryDue)]).1 == [.queryBiller], "no schedule follows a query by hand")
        #expect(Self.run(givenUp + [BillRulesTests.at(3_700_000, .answered(.pending))]).2 == .unchanged(.givenUp))
        #expect(Self.run(givenUp + [BillRulesTests.at(3_700_000, .answered(.unknown))]).2 == .unchanged(.givenUp),
                "never paid again on its own once given up")
        let (paid, proof, _) = Self.run(givenUp + [BillRulesTests.at(3_700_000, .answered(.succeeded(reference: "R9")))])
        #expect(paid?.phase == .succeeded && paid?.flag == nil && proof == [.printProof])
        let (refunding, refund, _) = Self.run(givenUp + [BillRulesTests.at(3_700_000, .refundOrdered)])
        #expect(refunding?.phase == .refunding && refunding?.flag == nil && refund == [.refund, .printRefundSlip])
        #expect(Self.run(Self.start + [BillRulesTests.at(3_700_000, .refundOrdered)]).2 == .unchanged(.alreadyPast),
                "a bill still waiting on the biller is not refunded by hand")
        let late = givenUp + [BillRulesTests.at(3_700_000, .refundOrdered), BillRulesTests.at(3_800_000, .refundDone),
                              BillRulesTests.at(3_900_000, .answered(.succeeded(reference: "LATE")))]
        #expect(Self.run(late).0?.flag?.contains("LATE") == true && Self.run(late).1 == [.flagTechnician])
        for action in [BillAction.gaveUp, .refundOrdered] {
            let event = BillRulesTests.at(5, action)
            #expect(try BillEvent(decoding: event.encoded) == event)
        }
    }

    @Test("a format reads the account and the printed amount; literals, lengths and field contents must match")
    func barcodeFormats() throws {
        let electricity = try #require(BillBarcodeFormat(pattern: "{account:10}{amount:8}"))
        #expect(electricity.match(Array("330123456700012345\r\n".utf8)) == BillBarcode(account: "3301234567", amountFen: 12_345))
        #expect(electricity.match(Array("]C0330123456700012345".utf8))?.account == "3301234567", "an AIM prefix is dropped")
        #expect(electricity.match(Array("33012345670001234".utf8)) == nil)
        #expect(electricity.match(Array("3301234567000123X5".utf8)) == nil)
        let water = try #require(BillBarcodeFormat(pattern: "SW{account:8}{skip:6}"))
        #expect(water.match(Array("SW88001234202611".utf8)) == BillBarcode(account: "88001234", amountFen: nil))
        #expect(water.match(Array("SX88001234202611".utf8)) == nil)
        #expect(water.match(Array("SW8800-234202611".utf8)) == nil)
        for bad in ["", "{amount:8}", "{account:4}{account:4}", "{account:0}", "{account:10", "a}b{account:3}",
                    "{acount:3}", "{account:10}{amount:13}", "{account:40}{skip:30}", "{account:x}"] {
            #expect(BillBarcodeFormat(pattern: bad) == nil, "\(bad) is not a format")
        }
    }

    @Test("masking a masked holder's name changes nothing")
    func maskingIsStable() {
        for name in ["王小明", "张三", "李", "", "欧阳娜娜", "Zoë Smith"] {
            let masked = BillMasking.holder(name)
            #expect(BillMasking.holder(masked) == masked)
        }
        #expect(BillMasking.holder("王小明") == "王*明" && BillMasking.holder("张三") == "张*" && BillMasking.holder("欧阳娜娜") == "欧**娜")
    }
}
