import KioskCore
import Testing

/// Every named state × every kind of event: the outcome, and for refusals the exact reason and
/// an unchanged state. Columns follow `CounterState.allCases`:
/// noOrder, openEmpty, open, totalled, partCash, paying, querying, reversing, paid, closed,
/// cancelled, voided, awaitingFulfilment, ordered, arrived.
@Suite("State × event table")
struct StateEventTableTests {
    enum Expect: CustomStringConvertible {
        /// Accepted; the current order is then in this phase.
        case ok(OrderPhase)
        /// Accepted; the current order's phase is unchanged.
        case same
        /// Refused for this reason.
        case no(RefusalReason)

        var description: String {
            switch self {
            case let .ok(phase): "→ \(phase)"
            case .same: "accepted"
            case let .no(reason): "refused \(reason)"
            }
        }
    }

    struct Row: CustomStringConvertible, Sendable {
        let name: String
        let action: @Sendable (Counter) -> CoreAction
        let expected: [Expect]
        var description: String { name }
    }

    static let N = Expect.no(.noCurrentOrder)
    static let F = Expect.no(.orderFinished)
    static let AP = Expect.no(.orderAlreadyPaid)
    static let PIP = Expect.no(.paymentInProgress)
    static let NP = Expect.no(.orderNotPaid)
    static let UP = Expect.no(.unknownPayment)
    static let MM = Expect.no(.paymentStateMismatch)
    static let NA = Expect.no(.notAssistedOrder)
    static let OOO = Expect.no(.fulfilmentOutOfOrder)
    static let NF = Expect.no(.orderNotFound)
    static let E = Expect.no(.orderEmpty)
    static let NO = Expect.no(.orderNotOpen)

    /// The refusals of a tender outside the states that take one.
    static func tender(_ accepted: Expect) -> [Expect] {
        [N, E, accepted, accepted, accepted, PIP, PIP, PIP, AP, F, F, F, AP, AP, AP]
    }

    static func editLines(emptyRefusal: Expect) -> [Expect] {
        [N, emptyRefusal, .ok(.open), .ok(.open), NO, PIP, PIP, PIP, AP, F, F, F, AP, AP, AP]
    }

    static func payment(paying: Expect, querying: Expect, reversing: Expect) -> [Expect] {
        [UP, UP, UP, UP, UP, paying, querying, reversing, UP, UP, UP, UP, UP, UP, UP]
    }

    static func assisted(awaiting: Expect, ordered: Expect, arrived: Expect) -> [Expect] {
        [NF] + Array(repeating: NA, count: 11) + [awaiting, ordered, arrived]
    }

    static func id(_ counter: Counter) -> OrderID { counter.machine.currentOrderID ?? 999 }

    static let rows: [Row] = [
        Row(name: "newOrder", action: { _ in .newOrder }, expected: Array(repeating: .ok(.open), count: 15)),
        Row(name: "scan", action: { _ in Counter.scan(250) }, expected: editLines(emptyRefusal: .ok(.open))),
        Row(name: "setQuantity", action: { _ in .setQuantity(3) }, expected: editLines(emptyRefusal: E)),
        Row(name: "removeLastLine", action: { _ in .removeLastLine }, expected: editLines(emptyRefusal: E)),
        Row(name: "voidLine", action: { _ in .voidLine(1) }, expected: editLines(emptyRefusal: .no(.lineNotFound))),
        Row(name: "total", action: { _ in .total }, expected: tender(.ok(.totalled))),
        Row(name: "cash in full", action: { _ in .tenderCash(fen: 2000) }, expected: tender(.ok(.paid))),
        Row(name: "cash in part", action: { _ in .tenderCash(fen: 100) }, expected: tender(.ok(.totalled))),
        Row(name: "cash of nothing", action: { _ in .tenderCash(fen: 0) }, expected: tender(.no(.invalidAmount))),
        Row(name: "payment code", action: { _ in .tenderCode(Counter.wechat) }, expected: tender(.ok(.paying))),
        Row(name: "credit", action: { _ in .tenderCredit(Counter.creditAccount) }, expected: tender(.ok(.paid))),
        Row(name: "credit, unknown account", action: { _ in .tenderCredit(99) }, expected: tender(.no(.unknownCreditAccount))),
        Row(name: "approved", action: { .paymentAnswered($0.pendingKey, .approved) },
            expected: payment(paying: .ok(.paid), querying: .ok(.paid), reversing: MM)),
        Row(name: "declined", action: { .paymentAnswered($0.pendingKey, .declined) },
            expected: payment(paying: .ok(.totalled), querying: .ok(.totalled), reversing: MM)),
        Row(name: "gateway error", action: { .paymentAnswered($0.pendingKey, .error) },
            expected: payment(paying: .ok(.paying), querying: MM, reversing: MM)),
        Row(name: "timed out", action: { .paymentTimedOut($0.pendingKey) },
            expected: payment(paying: .ok(.paying), querying: MM, reversing: MM)),
        Row(name: "query: paid", action: { .paymentQueried($0.pendingKey, .paid) },
            expected: payment(paying: MM, querying: .ok(.paid), reversing: MM)),
        Row(name: "query: not paid", action: { .paymentQueried($0.pendingKey, .notPaid) },
            expected: payment(paying: MM, querying: .ok(.totalled), reversing: MM)),
        Row(name: "query: unknown", action: { .paymentQueried($0.pendingKey, .unknown) },
            expected: payment(paying: MM, querying: .ok(.paying), reversing: MM)),
        Row(name: "reversed", action: { .paymentReversed($0.pendingKey) },
            expected: payment(paying: MM, querying: MM, reversing: .ok(.totalled))),
        Row(name: "receipt confirmed", action: { _ in .receiptConfirmed },
            expected: [N, NP, NP, NP, NP, NP, NP, NP, .ok(.closed), F, F, F, OOO, OOO, OOO]),
        Row(name: "reprint", action: { _ in .reprintReceipt },
            expected: [N, NP, NP, NP, NP, NP, NP, NP, .same, .same, F, F, .same, .same, .same]),
        Row(name: "cancel", action: { _ in .cancelOrder },
            expected: [N, .ok(.cancelled), .ok(.cancelled), .ok(.cancelled), .ok(.cancelled), PIP, PIP, PIP, AP, F, F, F, AP, AP, AP]),
        Row(name: "void without authorisation", action: { _ in .voidOrder },
            expected: [N, NP, NP, NP, NP, NP, NP, NP, .no(.authorisationRequired), .no(.authorisationRequired), F, F,
                       .no(.authorisationRequired), .no(.authorisationRequired), .no(.authorisationRequired)]),
        Row(name: "fulfilment ordered", action: { .fulfilmentOrdered(id($0)) },
            expected: assisted(awaiting: .ok(.ordered), ordered: OOO, arrived: OOO)),
        Row(name: "fulfilment arrived", action: { .fulfilmentArrived(id($0)) },
            expected: assisted(awaiting: OOO, ordered: .ok(.arrived), arrived: OOO)),
        Row(name: "picked up", action: { .pickedUp(id($0), pickupCode: $0.current?.pickupCode ?? 0) },
            expected: assisted(awaiting: OOO, ordered: OOO, arrived: .ok(.closed))),
        Row(name: "picked up, wrong code", action: { .pickedUp(id($0), pickupCode: ($0.current?.pickupCode ?? 0) + 1) },
            expected: assisted(awaiting: OOO, ordered: OOO, arrived: .no(.wrongPickupCode))),
        Row(name: "#PAY-CASH", action: { _ in .command(.payCash) }, expected: tender(.ok(.paid))),
        Row(name: "#PAY-CODE", action: { _ in .command(.payCode) }, expected: tender(.ok(.totalled))),
        Row(name: "#QTY without entry", action: { _ in .command(.quantity) },
            expected: Array(repeating: .no(.entryRequired), count: 15)),
        Row(name: "key 5", action: { _ in .key(.digit(5)) }, expected: Array(repeating: .same, count: 15)),
        Row(name: "select current", action: { .selectOrder(id($0)) }, expected: [NF] + Array(repeating: .same, count: 14)),
    ]

    @Test("every state × event", arguments: rows)
    func table(row: Row) {
        #expect(row.expected.count == CounterState.allCases.count)
        for (state, expected) in zip(CounterState.allCases, row.expected) {
            var counter = state.counter()
            let phaseBefore = counter.current?.phase
            let digestBefore = counter.machine.stateDigest()
            let action = row.action(counter)
            let outcome = counter.apply(action)
            let context = "\(row.name) in \(state): expected \(expected), got \(outcome)"
            switch expected {
            case let .ok(phase):
                #expect(outcome == .accepted, "\(context)")
                #expect(counter.current?.phase == phase, "\(context), phase \(String(describing: counter.current?.phase))")
                #expect(counter.effects.first.map(isPersist) == true, "\(context): persist comes first")
            case .same:
                #expect(outcome == .accepted, "\(context)")
                #expect(counter.current?.phase == phaseBefore, "\(context)")
                #expect(counter.effects.first.map(isPersist) == true, "\(context): persist comes first")
            case let .no(reason):
                guard case let .refused(refusal) = outcome else {
                    Issue.record("\(context)")
                    continue
                }
                #expect(refusal.reason == reason, "\(context)")
                #expect(counter.machine.stateDigest() == digestBefore, "\(context): state changed")
                #expect(counter.effects == [.showMessage(.refused(refusal))], "\(context)")
            }
            #expect(counter.machine.invariantViolation() == nil, "\(context)")
        }
    }

    func isPersist(_ effect: CoreEffect) -> Bool {
        if case .persist = effect { return true }
        return false
    }
}
