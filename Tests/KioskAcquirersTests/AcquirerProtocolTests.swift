import Foundation
import KioskAcquirers
import KioskCore
import KioskEngine
import Testing

/// Each adapter against an independent loopback peer of its protocol (Tests/Peers), which checks every
/// request's signature and plays one documented outcome.
@Suite("Real acquirers against loopback protocol peers")
struct AcquirerProtocolTests {
    static let amountFen: Int64 = 1_234

    @Test("a code the acquirer charges at once pays, and the request carried a valid signature", arguments: Provider.allCases)
    func success(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "success")
        defer { run.stop() }
        let reply = run.acquirer.charge(key: "KIOSK_ab12cd_1_1", code: provider.code, amountFen: Self.amountFen, nowMs: 5)
        #expect(reply == .answered(.approved, atMs: 5))
        #expect(run.requests(run.chargeName) == ["request \(run.chargeName) verified KIOSK_ab12cd_1_1"])
        #expect(run.acquirer.query(key: "KIOSK_ab12cd_1_1", nowMs: 6) == .paid)
    }

    @Test("a customer still confirming on the phone is polled until the payment goes through", arguments: Provider.allCases)
    func customerConfirmsOnThePhone(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "userpaying")
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_1_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(run.requests(run.chargeName).count == 1, "never charged twice")
        #expect(run.requests(run.queryName).count == 2, "queried while the customer confirmed, then paid")
    }

    @Test("a system error leaves the charge to a query, which finds it paid", arguments: Provider.allCases)
    func systemErrorIsQueried(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "systemerror")
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_2_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(run.requests(run.chargeName).count == 1)
        #expect(run.requests(run.queryName).count == 1)
    }

    @Test("a refused code is declined, and a query says nothing was taken", arguments: Provider.allCases)
    func declined(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "decline")
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_3_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.declined, atMs: 0))
        #expect(run.requests(run.queryName).isEmpty, "a decline needs no query")
        #expect(run.acquirer.query(key: "K_3_1", nowMs: 1) == .notPaid)
    }

    @Test("a charge whose answer never comes is queried, found paid, and never sent twice", arguments: Provider.allCases)
    func unansweredChargeIsQueried(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "timeout", delayS: 2.5,
                                     timing: Provider.timing(requestTimeoutMs: 1_000, pollLimitMs: 0))
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_4_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(run.requests(run.chargeName).count == 1)
    }

    @Test("an answer that arrives after the call gave up is not taken; polling finds the payment", arguments: Provider.allCases)
    func lateAnswer(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "late", delayS: 2.5,
                                     timing: Provider.timing(requestTimeoutMs: 1_000, pollLimitMs: 8_000))
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_5_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(run.requests(run.chargeName).count == 1)
        #expect(run.requests(run.queryName).count >= 2, "paid only once the customer confirmed, found by polling")
    }

    @Test("answers with a bad signature are no answer: never a payment, the charge is left to the engine", arguments: Provider.allCases)
    func badSignatureIsNoAnswer(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "badsign", timing: Provider.timing(pollLimitMs: 200))
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_6_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0) == .noAnswer)
        #expect(run.requests(run.queryName).count >= 1, "a charge without a verified answer is queried")
        #expect(run.acquirer.query(key: "K_6_1", nowMs: 1) == nil, "an unverified query answer is tried again later")
        #expect(!run.acquirer.reverse(key: "K_6_1", nowMs: 2))
    }

    @Test("an adapter signing with the wrong key is refused by the service, and nothing is taken as paid", arguments: Provider.allCases)
    func wrongKeyIsRefused(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "success", timing: Provider.timing(pollLimitMs: 0), wrongKey: true)
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_7_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0) == .noAnswer)
        let lines = run.peer.requests
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(" refused ") })
    }

    @Test("a charge the customer never confirms stays open, a query says unknown, and reversing it closes it", arguments: Provider.allCases)
    func neverConfirmedIsReversed(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "userpaying_forever", timing: Provider.timing(pollLimitMs: 150))
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_8_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0) == .noAnswer)
        #expect(run.acquirer.query(key: "K_8_1", nowMs: 1) == .unknown)
        #expect(run.acquirer.reverse(key: "K_8_1", nowMs: 2))
        #expect(run.acquirer.query(key: "K_8_1", nowMs: 3) == .notPaid)
    }

    @Test("a reversal the service asks to repeat is reported unfinished, and the repeat finishes it", arguments: Provider.allCases)
    func reverseAskedAgain(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "reverse_recall", timing: Provider.timing(pollLimitMs: 0))
        defer { run.stop() }
        _ = run.acquirer.charge(key: "K_9_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
        #expect(!run.acquirer.reverse(key: "K_9_1", nowMs: 1))
        #expect(run.acquirer.reverse(key: "K_9_1", nowMs: 2))
        #expect(run.requests(run.reverseName).count == 2)
    }

    @Test("a paid charge is refunded once under one refund number, however often it is sent", arguments: Provider.allCases)
    func refund(_ provider: Provider) throws {
        let run = try PeerAndAdapter(provider, outcome: "success")
        defer { run.stop() }
        #expect(run.acquirer.charge(key: "K_10_1", code: provider.code, amountFen: Self.amountFen, nowMs: 0)
            == .answered(.approved, atMs: 0))
        #expect(run.acquirer.refund(key: "K_10_1", amountFen: Self.amountFen, nowMs: 1))
        #expect(run.acquirer.refund(key: "K_10_1", amountFen: Self.amountFen, nowMs: 2))
        #expect(run.requests(run.refundName).count == 2)
        #expect(!run.acquirer.refund(key: "K_11_1", amountFen: Self.amountFen, nowMs: 3), "no refund of a charge never made")
    }
}
