/// One journal entry of the parcel desk (domain `parcels`), as versioned bytes.
///
/// Layout: a version byte (1), a kind byte, then the kind's fields: integers as 8 bytes little-endian,
/// text as a 1-byte length and UTF-8, lists as a 1-byte count and their items.
public enum ParcelEntry: Sendable, Equatable {
    /// A parcel was put on the shelf: its waybill, carrier, the last 4 digits of the villager's phone
    /// (empty when the label gives none), its pickup code, and what its carrier asks the station to collect
    /// before handing it over: cash on delivery (代收货款) and a storage fee (保管费), fen. Kind 1 without
    /// charges, kind 6 with them (one encoding per value).
    case arrived(parcelID: Int64, waybill: String, carrier: Carrier, phoneLast4: String, code: ParcelCode, atMs: Int64,
                 codFen: Int64 = 0, feeFen: Int64 = 0)
    /// Parcels handed over in one go; `neighbour` names whoever collected them for the villager, if not themself.
    case handedOver(parcelIDs: [Int64], neighbour: String?, atMs: Int64)
    /// The villager was reminded that the hold ends tomorrow.
    case reminded(parcelID: Int64, atMs: Int64)
    /// The hold ended: the parcel is on the return list.
    case expired(parcelID: Int64, atMs: Int64)
    /// The courier took the parcel back.
    case returned(parcelID: Int64, atMs: Int64)

    public static let version: UInt8 = 1
    /// Parcels one hand-over takes at most.
    public static let maxParcelsPerHandOver = 32

    /// The name written in `journal.kind`.
    public var kindName: String {
        switch self {
        case .arrived: "parcelArrived"
        case .handedOver: "parcelsHandedOver"
        case .reminded: "parcelReminded"
        case .expired: "parcelExpired"
        case .returned: "parcelReturned"
        }
    }

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.version]
        func put(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func put(_ text: String) {
            let utf8 = Array(text.utf8)
            precondition(utf8.count <= 255, "an entry's text is at most 255 bytes")
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        switch self {
        case .arrived(let id, let waybill, let carrier, let phoneLast4, let code, let atMs, let codFen, let feeFen):
            precondition(codFen >= 0 && feeFen >= 0, "a parcel's charges are never negative")
            let charged = codFen > 0 || feeFen > 0
            bytes.append(charged ? 6 : 1)
            put(id); put(waybill); bytes.append(carrier.rawValue); put(phoneLast4); put(code.text); put(atMs)
            if charged { put(codFen); put(feeFen) }
        case .handedOver(let ids, let neighbour, let atMs):
            precondition(!ids.isEmpty && ids.count <= Self.maxParcelsPerHandOver, "a hand-over takes 1–32 parcels")
            bytes.append(2)
            bytes.append(UInt8(ids.count))
            for id in ids { put(id) }
            bytes.append(neighbour == nil ? 0 : 1)
            if let neighbour { put(neighbour) }
            put(atMs)
        case .reminded(let id, let atMs):
            bytes.append(3); put(id); put(atMs)
        case .expired(let id, let atMs):
            bytes.append(4); put(id); put(atMs)
        case .returned(let id, let atMs):
            bytes.append(5); put(id); put(atMs)
        }
        return bytes
    }

    /// The entry `bytes` encode, or nil when they are not one (another version, cut short, trailing bytes).
    public init?(decoding bytes: [UInt8]) {
        var reader = EntryReader(bytes: bytes)
        guard reader.byte() == Self.version, let kind = reader.byte() else { return nil }
        let entry: ParcelEntry
        switch kind {
        case 1, 6:
            guard let id = reader.integer(), let waybill = reader.text(), let carrierByte = reader.byte(),
                  let carrier = Carrier(rawValue: carrierByte), let phone = reader.text(),
                  let codeText = reader.text(), let code = ParcelCode(text: codeText), let atMs = reader.integer()
            else { return nil }
            var codFen: Int64 = 0, feeFen: Int64 = 0
            if kind == 6 {
                guard let cod = reader.integer(), let fee = reader.integer(), cod >= 0, fee >= 0, cod > 0 || fee > 0
                else { return nil }
                codFen = cod
                feeFen = fee
            }
            entry = .arrived(parcelID: id, waybill: waybill, carrier: carrier, phoneLast4: phone, code: code, atMs: atMs,
                             codFen: codFen, feeFen: feeFen)
        case 2:
            guard let count = reader.byte(), count > 0, Int(count) <= Self.maxParcelsPerHandOver else { return nil }
            var ids: [Int64] = []
            for _ in 0..<count {
                guard let id = reader.integer() else { return nil }
                ids.append(id)
            }
            guard let flag = reader.byte(), flag <= 1 else { return nil }
            var neighbour: String?
            if flag == 1 {
                guard let name = reader.text() else { return nil }
                neighbour = name
            }
            guard let atMs = reader.integer() else { return nil }
            entry = .handedOver(parcelIDs: ids, neighbour: neighbour, atMs: atMs)
        case 3, 4, 5:
            guard let id = reader.integer(), let atMs = reader.integer() else { return nil }
            entry = kind == 3 ? .reminded(parcelID: id, atMs: atMs)
                : kind == 4 ? .expired(parcelID: id, atMs: atMs) : .returned(parcelID: id, atMs: atMs)
        default:
            return nil
        }
        guard reader.isAtEnd else { return nil }
        self = entry
    }
}

/// Reads an entry's fields in order; every read is nil past the end.
private struct EntryReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func integer() -> Int64? {
        guard bytes.count - position >= 8 else { return nil }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Int64(bitPattern: value)
    }

    mutating func text() -> String? {
        guard let count = byte(), bytes.count - position >= Int(count) else { return nil }
        let slice = bytes[position..<position + Int(count)]
        position += Int(count)
        var iterator = slice.makeIterator()
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }
}
