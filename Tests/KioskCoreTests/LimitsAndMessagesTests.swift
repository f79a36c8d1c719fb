import KioskCore
import Testing

@Suite("Limits and operator messages")
struct LimitsAndMessagesTests {
    @Test("impossible limits are refused with the limit named")
    func invalidLimits() {
        do {
            _ = try CoreLimits(maxOpenOrders: 16, maxLinesPerOrder: 0, maxPendingPayments: 8, maxCreditAccounts: 0)
            Issue.record("0 lines per order was accepted")
        } catch {
            #expect(error.limit == .maxLinesPerOrder)
            #expect(error.description == "maxLinesPerOrder is 0, must be 1…1024")
        }
        #expect(throws: CoreLimitsError.self) {
            try CoreLimits(maxOpenOrders: 0, maxLinesPerOrder: 64, maxPendingPayments: 8, maxCreditAccounts: 0)
        }
        #expect(throws: CoreLimitsError.self) {
            try CoreLimits(maxOpenOrders: 16, maxLinesPerOrder: 64, maxPendingPayments: 8, maxCreditAccounts: -1)
        }
    }

    @Test("reserved bytes grow with every limit")
    func reservedBytes() throws {
        let small = try CoreLimits(maxOpenOrders: 4, maxLinesPerOrder: 8, maxPendingPayments: 2, maxCreditAccounts: 1)
        let moreLines = try CoreLimits(maxOpenOrders: 4, maxLinesPerOrder: 16, maxPendingPayments: 2, maxCreditAccounts: 1)
        let moreOrders = try CoreLimits(maxOpenOrders: 8, maxLinesPerOrder: 8, maxPendingPayments: 2, maxCreditAccounts: 1)
        #expect(small.reservedBytes > 0)
        #expect(moreLines.reservedBytes > small.reservedBytes)
        #expect(moreOrders.reservedBytes > moreLines.reservedBytes)
        #expect(CoreLimits.standard.reservedBytes > 16 * 64 * 32)
    }

    @Test("the full-order refusal reads as the operator expects")
    func orderFullText() {
        let message = OperatorMessage.refused(Refusal(.orderFull, detail: 64))
        #expect(message.text(in: .english) == "order is full: 64 lines")
        #expect(message.text(in: .zhHans) == "订单已满：64 行")
    }

    @Test("every refusal and notice has distinct Chinese and English text")
    func everyMessage() {
        var english = Set<String>()
        for reason in RefusalReason.allCases {
            let message = OperatorMessage.refused(Refusal(reason, detail: 3))
            let zh = message.text(in: .zhHans)
            let en = message.text(in: .english)
            #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(reason)")
            #expect(!en.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(reason)")
            english.insert(en)
        }
        for notice in Notice.allCases {
            let message = OperatorMessage.notice(notice, 1250, 7)
            #expect(message.text(in: .zhHans) != message.text(in: .english), "\(notice)")
            english.insert(message.text(in: .english))
        }
        #expect(english.count == RefusalReason.allCases.count + Notice.allCases.count)
    }

    @Test("amounts in messages use the full-width yuan sign")
    func yuanSign() {
        let text = OperatorMessage.notice(.amountDue, 1250, 0).text(in: .zhHans)
        #expect(text == "应收 \u{FFE5}12.50")
    }
}
