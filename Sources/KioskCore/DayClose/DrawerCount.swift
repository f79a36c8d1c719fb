/// A note or coin the drawer holds (renminbi in circulation at a village counter).
public enum Denomination: UInt8, CaseIterable, Hashable, Sendable {
    case yuan100 = 1
    case yuan50 = 2
    case yuan20 = 3
    case yuan10 = 4
    case yuan5 = 5
    case yuan1 = 6
    case jiao5 = 7
    case jiao1 = 8

    /// Its value in fen.
    public var fen: Int64 {
        switch self {
        case .yuan100: 10_000
        case .yuan50: 5_000
        case .yuan20: 2_000
        case .yuan10: 1_000
        case .yuan5: 500
        case .yuan1: 100
        case .jiao5: 50
        case .jiao1: 10
        }
    }

    /// How it is printed and asked for: `100元`, `5角`, or in English `100 yuan`, `5 jiao`.
    public func label(chinese: Bool) -> String {
        switch self {
        case .jiao5: chinese ? "5角" : "5 jiao"
        case .jiao1: chinese ? "1角" : "1 jiao"
        default: chinese ? "\(fen / 100)元" : "\(fen / 100) yuan"
        }
    }
}

/// The operator's blind count of the drawer: pieces of each denomination, counted before the expected
/// figure is shown. Fixed size: one count per denomination, in ``Denomination`` order.
public struct DrawerCount: Hashable, Sendable {
    /// The most pieces of one denomination a count may hold (a drawer holds far fewer).
    public static let maximumPieces: Int32 = 99_999

    /// Pieces of each denomination, indexed by `rawValue - 1`.
    public private(set) var pieces: [Int32]

    /// An empty count.
    public init() {
        pieces = Array(repeating: 0, count: Denomination.allCases.count)
    }

    /// A count of `pieces`, or nil when a figure is negative or above ``maximumPieces``.
    public init?(_ pieces: [Denomination: Int32]) {
        self.init()
        for (denomination, count) in pieces {
            guard (0 ... Self.maximumPieces).contains(count) else { return nil }
            self.pieces[Int(denomination.rawValue) - 1] = count
        }
    }

    /// Pieces of `denomination`.
    public subscript(_ denomination: Denomination) -> Int32 {
        pieces[Int(denomination.rawValue) - 1]
    }

    /// What the count comes to, fen (at most 8 × 99 999 × 10 000 fen: no overflow).
    public var totalFen: Int64 {
        Denomination.allCases.reduce(0) { $0 + Int64(self[$1]) * $1.fen }
    }
}
