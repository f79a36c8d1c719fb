/// Where a parcel sits: shelf, layer on the shelf, and a running sequence number (`2-5-0418`).
public struct ShelfSlot: Sendable, Equatable, Hashable {
    /// 1–9.
    public var shelf: Int
    /// 1–9, counted from the top.
    public var layer: Int
    /// 0–9999: unique among the parcels on the shelves.
    public var sequence: Int

    public init(shelf: Int, layer: Int, sequence: Int) {
        precondition((1...9).contains(shelf) && (1...9).contains(layer) && (0...9999).contains(sequence),
                     "a slot is shelf 1–9, layer 1–9, sequence 0–9999")
        self.shelf = shelf
        self.layer = layer
        self.sequence = sequence
    }

    /// `2-5-0418`, as written on the label.
    public var text: String {
        let digits = String(sequence)
        return "\(shelf)-\(layer)-" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The six digits shelf, layer, sequence.
    var digits: [UInt8] {
        [UInt8(shelf), UInt8(layer), UInt8(sequence / 1000), UInt8(sequence / 100 % 10), UInt8(sequence / 10 % 10),
         UInt8(sequence % 10)]
    }
}

/// A pickup code (取件码): the slot's six digits and a Damm check digit, seven digits a villager can say
/// aloud (`2504188`).
///
/// Damm's check digit comes from a totally anti-symmetric quasigroup of order 10: every single-digit
/// error and every swap of two neighbouring digits (the check digit included) gives a code whose check
/// fails. Every code on the shelves is a valid code, so a mistyped code can never be another parcel's.
public struct ParcelCode: Sendable, Equatable, Hashable {
    public let slot: ShelfSlot
    /// The seven digits.
    public let text: String

    public init(slot: ShelfSlot) {
        self.slot = slot
        let digits = slot.digits
        text = digits.map { String($0) }.joined() + String(Self.checkDigit(digits))
    }

    /// The code `text` if it is seven digits whose check holds; nil for a mistyped one.
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let digits = bytes.map { $0 - 0x30 }
        guard Self.interim(digits) == 0, digits[0] > 0, digits[1] > 0 else { return nil }
        let sequence = Int(digits[2]) * 1000 + Int(digits[3]) * 100 + Int(digits[4]) * 10 + Int(digits[5])
        self.init(slot: ShelfSlot(shelf: Int(digits[0]), layer: Int(digits[1]), sequence: sequence))
    }

    /// The digit that makes Damm's interim of the code 0.
    static func checkDigit(_ digits: [UInt8]) -> UInt8 { interim(digits) }

    static func interim(_ digits: [UInt8]) -> UInt8 {
        var state: UInt8 = 0
        for digit in digits {
            precondition(digit < 10, "a code is decimal digits")
            state = table[Int(state) * 10 + Int(digit)]
        }
        return state
    }

    /// Damm's weakly totally anti-symmetric quasigroup of order 10 (row: interim, column: digit).
    static let table: [UInt8] = [
        0, 3, 1, 7, 5, 9, 8, 6, 4, 2,
        7, 0, 9, 2, 1, 5, 4, 8, 6, 3,
        4, 2, 0, 6, 8, 7, 1, 3, 5, 9,
        1, 7, 5, 0, 9, 8, 3, 4, 2, 6,
        6, 1, 2, 3, 0, 4, 5, 9, 7, 8,
        3, 6, 7, 4, 2, 0, 9, 5, 8, 1,
        5, 8, 6, 9, 7, 2, 0, 1, 3, 4,
        8, 9, 4, 5, 3, 6, 2, 0, 1, 7,
        9, 4, 3, 8, 6, 1, 7, 2, 0, 5,
        2, 5, 8, 1, 4, 3, 6, 7, 9, 0,
    ]
}
