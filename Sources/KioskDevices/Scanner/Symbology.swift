import KioskCore

/// A barcode symbology, as named by the AIM symbology identifier (`]` + code letter + modifier)
/// that scanners prepend when configured to.
public struct Symbology: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The three-character identifier, such as `]E0`.
    public let aimIdentifier: String

    /// The symbology of an identifier of the form `]` + letter + character.
    public init?(aimIdentifier: String) {
        let characters = Array(aimIdentifier)
        guard characters.count == 3, characters[0] == "]", characters[1].isLetter,
              characters[2].isASCII, characters[2].isLetter || characters[2].isNumber
        else { return nil }
        self.aimIdentifier = aimIdentifier
    }

    /// A name a technician recognises, or the identifier itself.
    public var name: String {
        switch aimIdentifier {
        case "]E0": "EAN-13"
        case "]E4": "EAN-8"
        case "]E1", "]E2", "]E3": "EAN/UPC with add-on"
        case "]C0": "Code 128"
        case "]C1": "GS1-128"
        case "]A0": "Code 39"
        case "]I0", "]I1": "ITF"
        case "]Q1", "]Q2", "]Q3", "]Q4", "]Q5", "]Q6": "QR Code"
        case "]d1", "]d2": "Data Matrix"
        case "]e0": "GS1 DataBar"
        default: aimIdentifier
        }
    }

    /// What the classifier needs to know: whether the content is GS1 element strings.
    public var scanSymbology: ScanSymbology {
        switch aimIdentifier {
        case "]C1", "]e0", "]d2", "]Q3", "]J1": .gs1
        default: .other
        }
    }

    /// The name and identifier, e.g. `EAN-13 (]E0)`.
    public var description: String { "\(name) (\(aimIdentifier))" }

    /// Splits a leading AIM identifier off a read.
    public static func split(_ read: String) -> (symbology: Symbology?, content: String) {
        guard read.count >= 3, let symbology = Symbology(aimIdentifier: String(read.prefix(3))) else {
            return (nil, read)
        }
        return (symbology, String(read.dropFirst(3)))
    }
}
