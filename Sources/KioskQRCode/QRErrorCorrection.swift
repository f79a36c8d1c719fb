/// The four QR error-correction levels, from least to most redundant.
public enum QRErrorCorrection: Int, Sendable, CaseIterable, Equatable {
    /// Recovers about 7 % of the symbol.
    case low = 0
    /// Recovers about 15 %.
    case medium
    /// Recovers about 25 %.
    case quartile
    /// Recovers about 30 %.
    case high

    /// The two bits this level writes into the format information (ISO/IEC 18004 table 12).
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }

    /// One letter, as printed in transcripts.
    public var letter: String {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }
}
