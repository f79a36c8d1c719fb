/// What a villager (or the operator, typing) gives at the parcel desk.
public enum ParcelQuery: Sendable, Equatable {
    /// A seven-digit pickup code whose check holds.
    case code(ParcelCode)
    /// Seven digits whose check fails: a typo, never another parcel's code.
    case mistypedCode(String)
    /// The last 4 digits of the villager's phone: lists their parcels.
    case phoneLast4(String)
    /// Anything else: a waybill number.
    case waybill(String)

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        let allDigits = !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
        if allDigits, bytes.count == 4 {
            self = .phoneLast4(text)
        } else if allDigits, bytes.count == 7 {
            self = ParcelCode(text: text).map(Self.code) ?? .mistypedCode(text)
        } else {
            self = .waybill(text)
        }
    }
}

/// A hand-over in progress: the parcels the villager's code or phone found, and those the operator
/// has confirmed by scanning their waybills. A scanned waybill that is not one of them is refused.
public struct ParcelHandOver: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable {
        public var parcelID: Int64
        public var waybill: String
        public var slot: ShelfSlot

        public init(parcelID: Int64, waybill: String, slot: ShelfSlot) {
            self.parcelID = parcelID
            self.waybill = waybill
            self.slot = slot
        }
    }

    public let candidates: [Candidate]
    /// Who collects for the villager, when it is not the villager (only with the code).
    public let neighbour: String?
    public private(set) var confirmed: [Int64] = []

    /// A hand-over of `candidates` (1–32 parcels).
    public init(candidates: [Candidate], neighbour: String?) {
        precondition(!candidates.isEmpty && candidates.count <= ParcelEntry.maxParcelsPerHandOver,
                     "a hand-over takes 1–32 parcels")
        self.candidates = candidates
        self.neighbour = neighbour
    }

    /// Every parcel found has been confirmed.
    public var isComplete: Bool { confirmed.count == candidates.count }

    /// The operator scanned `waybill` from a parcel taken off the shelf.
    public mutating func confirm(waybill: String) -> ParcelConfirmation {
        guard let candidate = candidates.first(where: { $0.waybill == waybill }) else { return .notThisHandOver }
        guard !confirmed.contains(candidate.parcelID) else { return .alreadyConfirmed }
        confirmed.append(candidate.parcelID)
        return .confirmed(candidate)
    }
}

/// The outcome of scanning a parcel during a hand-over.
public enum ParcelConfirmation: Sendable, Equatable {
    case confirmed(ParcelHandOver.Candidate)
    /// Scanned twice: counted once.
    case alreadyConfirmed
    /// Not a parcel this villager's code or phone found: the wrong parcel was taken off the shelf.
    case notThisHandOver
}

/// A phone number as stored and printed: `138****1234`; the last 4 digits alone for lookup.
public enum ParcelPhone {
    /// Whether `phone` is a mainland mobile number: 11 digits starting with 1.
    public static func isMobile(_ phone: String) -> Bool {
        let bytes = Array(phone.utf8)
        return bytes.count == 11 && bytes[0] == UInt8(ascii: "1") && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    public static func masked(_ phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }

    public static func last4(_ phone: String) -> String { phone.count >= 4 ? String(phone.suffix(4)) : "" }
}
