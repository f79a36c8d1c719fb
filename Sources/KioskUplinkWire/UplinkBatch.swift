import Foundation

/// The uplink's explicit limits, shared by the station (which never sends more) and the hub (which
/// refuses more).
public enum UplinkLimits {
    /// Journal entries in one batch: a batch is one hub transaction, kept short so two hubs and many
    /// stations share PostgreSQL fairly, and small enough to resend whole over a poor 4G link.
    public static let maximumEntriesPerBatch = 500
    /// The largest request body the hub reads (the entries' payloads are a few hundred bytes each).
    public static let maximumBodyBytes = 8 << 20
    /// Requests older or newer than this (by their signed timestamp) are refused as replays.
    public static let replayWindowMs: Int64 = 300_000
}

/// One journal entry as the station committed it: the hub stores it under (station, store id, sequence).
/// On the wire it is a frame among the batch's ``UplinkEntryFrames``.
public struct UplinkEntry: Sendable, Equatable {
    public var sequence: Int64
    /// `journal.domain`: `counter`, or a service's (`parcels`, `bills`, `day`, `produce`).
    public var domain: String
    public var kind: String
    public var recordedAtMs: Int64
    /// The entry's bytes as journaled (a core event, or a service's own encoding).
    public var payload: Data

    public init(sequence: Int64, domain: String, kind: String, recordedAtMs: Int64, payload: Data) {
        self.sequence = sequence
        self.domain = domain
        self.kind = kind
        self.recordedAtMs = recordedAtMs
        self.payload = payload
    }
}

/// An order as the station stores it after the last entry that touched it (`journalSequence`). The hub
/// keeps the row with the highest `journalSequence`, so a resent or reordered batch never moves it back.
public struct UplinkOrder: Codable, Sendable, Equatable {
    public var id: Int64
    public var orderNumber: String
    public var kind: String
    public var state: String
    public var totalFen: Int64
    public var journalSequence: Int64
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(id: Int64, orderNumber: String, kind: String, state: String, totalFen: Int64,
                journalSequence: Int64, createdAtMs: Int64, updatedAtMs: Int64) {
        self.id = id
        self.orderNumber = orderNumber
        self.kind = kind
        self.state = state
        self.totalFen = totalFen
        self.journalSequence = journalSequence
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }
}

/// A payment of an order sent in the same batch, as of that order's `journalSequence`.
public struct UplinkPayment: Codable, Sendable, Equatable {
    public var idempotencyKey: String
    public var orderID: Int64
    public var method: String
    public var amountFen: Int64
    public var state: String
    public var journalSequence: Int64
    public var updatedAtMs: Int64

    public init(idempotencyKey: String, orderID: Int64, method: String, amountFen: Int64, state: String,
                journalSequence: Int64, updatedAtMs: Int64) {
        self.idempotencyKey = idempotencyKey
        self.orderID = orderID
        self.method = method
        self.amountFen = amountFen
        self.state = state
        self.journalSequence = journalSequence
        self.updatedAtMs = updatedAtMs
    }
}

/// One upload: consecutive journal entries of one store, the orders they left behind and those orders'
/// payments, and how many entries the station still holds after them.
///
/// On the wire a JSON object whose `entries` are one base64 string of ``UplinkEntryFrames``, not an
/// array of objects: a batch of 500 entries is about a fifth smaller over a poor 4G link, and the hub
/// reads it without decoding 2,500 JSON members (which took half of its CPU).
public struct UplinkBatch: Codable, Sendable, Equatable {
    public var station: String
    /// The database incarnation (`store_identity.store_id`): a restored backup uploads as a new stream.
    public var storeID: String
    public var entries: [UplinkEntry]
    public var orders: [UplinkOrder]
    public var payments: [UplinkPayment]
    /// Entries the station holds after this batch (for the county's dashboard).
    public var backlogAfter: Int64

    public init(station: String, storeID: String, entries: [UplinkEntry], orders: [UplinkOrder],
                payments: [UplinkPayment], backlogAfter: Int64) {
        self.station = station
        self.storeID = storeID
        self.entries = entries
        self.orders = orders
        self.payments = payments
        self.backlogAfter = backlogAfter
    }

    enum CodingKeys: String, CodingKey {
        case station, storeID, entries, orders, payments, backlogAfter
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        station = try container.decode(String.self, forKey: .station)
        storeID = try container.decode(String.self, forKey: .storeID)
        guard let decoded = UplinkEntryFrames.decode([UInt8](try container.decode(Data.self, forKey: .entries))) else {
            throw DecodingError.dataCorruptedError(forKey: .entries, in: container, debugDescription: "malformed entry frames")
        }
        entries = decoded
        orders = try container.decode([UplinkOrder].self, forKey: .orders)
        payments = try container.decode([UplinkPayment].self, forKey: .payments)
        backlogAfter = try container.decode(Int64.self, forKey: .backlogAfter)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(station, forKey: .station)
        try container.encode(storeID, forKey: .storeID)
        guard let frames = UplinkEntryFrames.encode(entries) else {
            throw EncodingError.invalidValue(entries, EncodingError.Context(
                codingPath: container.codingPath + [CodingKeys.entries],
                debugDescription: "a domain or kind longer than \(UplinkEntryFrames.maximumNameBytes) bytes"))
        }
        try container.encode(Data(frames), forKey: .entries)
        try container.encode(orders, forKey: .orders)
        try container.encode(payments, forKey: .payments)
        try container.encode(backlogAfter, forKey: .backlogAfter)
    }

    /// Why the hub refuses this batch before touching the database, or nil: entries are consecutive,
    /// within the limit, and every order and payment belongs to one of them.
    public var shapeProblem: String? {
        guard !entries.isEmpty else { return "empty batch" }
        guard entries.count <= UplinkLimits.maximumEntriesPerBatch else { return "more than \(UplinkLimits.maximumEntriesPerBatch) entries" }
        guard entries[0].sequence >= 1 else { return "sequence below 1" }
        for index in entries.indices.dropFirst() where entries[index].sequence != entries[index - 1].sequence + 1 {
            return "entries not consecutive at \(entries[index].sequence)"
        }
        let range = entries[0].sequence...entries[entries.count - 1].sequence
        if let order = orders.first(where: { !range.contains($0.journalSequence) }) {
            return "order \(order.id) outside the batch"
        }
        if let payment = payments.first(where: { !range.contains($0.journalSequence) }) {
            return "payment \(payment.idempotencyKey) outside the batch"
        }
        guard backlogAfter >= 0 else { return "negative backlog" }
        return nil
    }
}

/// The hub's answer to a batch.
public struct UplinkAnswer: Codable, Sendable, Equatable {
    /// The highest sequence the hub holds for this store, every entry up to it stored: the station
    /// sends from the one after it next time.
    public var storedThrough: Int64
    /// Why the batch was not stored (a gap: entries after `storedThrough + 1`), or nil when it was.
    public var refusal: String?

    public init(storedThrough: Int64, refusal: String? = nil) {
        self.storedThrough = storedThrough
        self.refusal = refusal
    }
}

/// The JSON form on the wire (one coder for both sides).
public enum UplinkCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try JSONEncoder().encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
