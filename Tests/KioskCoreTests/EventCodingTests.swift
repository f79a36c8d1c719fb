import KioskCore
import Testing

@Suite("Journal encoding of events")
struct EventCodingTests {
    static let key = PaymentKey(orderID: 70000, attempt: 3)
    static let actions: [CoreAction] = [
        .newOrder, .newAssistedOrder(Counter.villager), .selectOrder(42), Counter.scan(-1, quantity: 7),
        .key(.digit(9)), .key(.point), .key(.backspace), .command(.payCredit), .setQuantity(12), .removeLastLine,
        .voidLine(3), .total, .tenderCash(fen: 123_456_789_012), .tenderCredit(8),
        .paymentAnswered(key, .declined), .paymentTimedOut(key), .paymentQueried(key, .unknown), .paymentReversed(key),
        .receiptConfirmed, .receiptPrinted(7), .newOrderForScan, .withdrawAuthorisation, .reprintReceipt, .cancelOrder, .authorise(Authorisation(role: .technician, staffID: 77)),
        .voidOrder, .fulfilmentOrdered(5), .fulfilmentArrived(5), .pickedUp(5, pickupCode: 4217),
        .openCreditAccount(3, limitFen: 50000), .creditRepaid(3, fen: -2), .creditRepaymentLine(4_000_000_000, fen: 1_860), .parcelChargeLine(parcelID: 12, fen: 3_600),
        .orderLoaded(LoadedOrder(
            id: 9, kind: .assisted, phase: .arrived, totalFen: 5_000, cashTenderedFen: 0, changeFen: 0, codePaidFen: 5_000,
            approvedPayment: key, codeScheme: .unionPay, maskedCode: Counter.wechat.masked, creditPaidFen: 0,
            creditAccount: 4_000_000_000, paymentAttempts: 3, openedAtMs: 1, paidAtMs: 2, finishedAtMs: 0,
            pickupCode: 999_999, villagerName: FixedBytes64(utf8: String(repeating: "王", count: 21))!,
            phone: FixedBytes16(utf8: "+86139000000001")!)),
        .orderLoaded(LoadedOrder(id: 2, kind: .creditRepayment, phase: .closed, totalFen: 1_000, cashTenderedFen: 0,
                                 changeFen: 0, codePaidFen: 1_000, approvedPayment: key, codeScheme: .alipay,
                                 maskedCode: Counter.wechat.masked, creditPaidFen: 0, creditAccount: 3, openedAtMs: 0,
                                 paidAtMs: 1, finishedAtMs: 2)),
        .orderLoaded(LoadedOrder(id: 1, kind: .counterSale, phase: .closed, totalFen: 1, cashTenderedFen: 100,
                                 changeFen: 99, codePaidFen: 0, creditPaidFen: 0, openedAtMs: 0, paidAtMs: 0, finishedAtMs: 0)),
    ]

    @Test("every action round-trips", arguments: actions)
    func roundTrip(action: CoreAction) throws {
        let event = CoreEvent(timeMs: -5, action)
        let bytes = event.encoded
        #expect(bytes.first == CoreEvent.encodingVersion)
        #expect(bytes.count <= CoreEvent.maximumEncodedBytes)
        #expect(try CoreEvent(decoding: bytes) == event)
    }

    @Test("a payment code is journaled masked and replays to the same state")
    func paymentCodeMasked() throws {
        let event = CoreEvent(timeMs: 1, .tenderCode(Counter.wechat))
        let bytes = event.encoded
        let digits = Array("134567890123456789".utf8)
        #expect(!bytes.indices.contains { bytes[$0...].starts(with: digits[2 ..< 14]) })
        let decoded = try CoreEvent(decoding: bytes)
        guard case let .tenderCode(code) = decoded.action else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(code.scheme == .wechat && code.masked == Counter.wechat.masked && !code.hasDigits)

        let live = KioskMachine(limits: .standard)
        let replayed = KioskMachine(limits: .standard)
        for action in [CoreAction.newOrder, Counter.scan(500)] {
            live.apply(CoreEvent(timeMs: 0, action))
            replayed.apply(CoreEvent(timeMs: 0, action))
        }
        live.apply(event)
        replayed.apply(decoded)
        #expect(live.hasSameState(as: replayed))
        #expect(live.stateDigest() == replayed.stateDigest())
    }

    @Test("malformed bytes are refused with the reason")
    func malformed() {
        var bytes = CoreEvent(timeMs: 9, .selectOrder(4)).encoded
        #expect(throws: EventDecodingError.truncated) { try CoreEvent(decoding: bytes.dropLast()) }
        #expect(throws: EventDecodingError.trailingBytes) { try CoreEvent(decoding: bytes + [0]) }
        bytes[0] = 2
        #expect(throws: EventDecodingError.unsupportedVersion(2)) { try CoreEvent(decoding: bytes) }
        bytes[0] = 1
        bytes[1] = 200
        #expect(throws: EventDecodingError.unknownTag(200)) { try CoreEvent(decoding: bytes) }
        var command = CoreEvent(timeMs: 9, .command(.total)).encoded
        command[command.count - 1] = 99
        #expect(throws: EventDecodingError.invalidValue) { try CoreEvent(decoding: command) }
        #expect(throws: EventDecodingError.truncated) { try CoreEvent(decoding: [UInt8]()) }
    }
}
