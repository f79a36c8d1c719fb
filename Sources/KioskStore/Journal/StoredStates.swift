import KioskCore

extension OrderPhase {
    /// The name `orders.state` holds (`open`, `awaiting-fulfilment`…), which reports and the shell show.
    public var storedName: String {
        switch self {
        case .open: "open"
        case .totalled: "totalled"
        case .paying: "paying"
        case .paid: "paid"
        case .awaitingFulfilment: "awaiting-fulfilment"
        case .ordered: "ordered"
        case .arrived: "arrived"
        case .closed: "closed"
        case .cancelled: "cancelled"
        case .voided: "voided"
        }
    }

    /// The phase stored as `storedName`, if it is one.
    public init?(storedName: String) {
        guard let phase = Self.allCases.first(where: { $0.storedName == storedName }) else { return nil }
        self = phase
    }
}

/// Where a payment stands, as `payments.state` holds it.
public enum PaymentState: String, Sendable, Hashable, CaseIterable {
    /// A code charge sent, no answer yet.
    case pending
    /// Taken: cash or credit applied, or a charge the acquirer approved.
    case approved
    /// Refused by the acquirer: not taken.
    case declined
    /// No answer in time, or an error: queried.
    case unknown
    /// Still unknown after the query: being reversed.
    case reversing
    /// Reversed (撤销): not taken.
    case reversed
    /// Given back after a void or a cancel.
    case refunded

    /// The states whose money is not settled yet.
    public static let unsettled: [PaymentState] = [.pending, .unknown, .reversing]
}
