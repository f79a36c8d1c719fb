import Foundation
import GRDB
import KioskCore

extension JournalDomain {
    /// The parcel desk (快递代收): arrivals, hand-overs, reminders, returns.
    public static let parcels = JournalDomain("parcels")
}

/// One parcel as the store holds it.
public struct ParcelRecord: Sendable, Equatable {
    public var id: Int64
    public var waybill: String
    public var carrier: Carrier
    /// `138****1234`, or empty when the label gave no phone.
    public var maskedPhone: String
    public var phoneLast4: String
    public var code: ParcelCode
    public var state: ParcelState
    public var arrivedAtMs: Int64
    public var expiresAtMs: Int64
    public var remindedAtMs: Int64?
    public var pickedUpAtMs: Int64?
    /// The neighbour who collected it, when not the villager.
    public var collectedBy: String?
    public var returnedAtMs: Int64?
    /// Cash on delivery (代收货款) its carrier asks the station to collect before the hand-over, fen.
    public var codFen: Int64
    /// The storage fee (保管费) collected with it, fen.
    public var feeFen: Int64

    public init(id: Int64, waybill: String, carrier: Carrier, maskedPhone: String, phoneLast4: String, code: ParcelCode,
                state: ParcelState, arrivedAtMs: Int64, expiresAtMs: Int64, remindedAtMs: Int64? = nil,
                pickedUpAtMs: Int64? = nil, collectedBy: String? = nil, returnedAtMs: Int64? = nil,
                codFen: Int64 = 0, feeFen: Int64 = 0) {
        self.codFen = codFen
        self.feeFen = feeFen
        self.id = id
        self.waybill = waybill
        self.carrier = carrier
        self.maskedPhone = maskedPhone
        self.phoneLast4 = phoneLast4
        self.code = code
        self.state = state
        self.arrivedAtMs = arrivedAtMs
        self.expiresAtMs = expiresAtMs
        self.remindedAtMs = remindedAtMs
        self.pickedUpAtMs = pickedUpAtMs
        self.collectedBy = collectedBy
        self.returnedAtMs = returnedAtMs
    }

    public var slot: ShelfSlot { code.slot }
    /// What must be paid before the hand-over, fen.
    public var chargeFen: Int64 { codFen + feeFen }
}

/// Parcels counted by where they stand: `arrived = pickedUp + returned + onShelf` (a parcel on the
/// return list is still on the shelf until the courier takes it).
public struct ParcelTally: Sendable, Equatable {
    public var arrived = 0
    public var pickedUp = 0
    public var returned = 0
    public var onShelf = 0

    public init(arrived: Int = 0, pickedUp: Int = 0, returned: Int = 0, onShelf: Int = 0) {
        self.arrived = arrived
        self.pickedUp = pickedUp
        self.returned = returned
        self.onShelf = onShelf
    }

    public var balances: Bool { arrived == pickedUp + returned + onShelf }
}

/// The parcels table: reads for the desk, the shell and the reports, and the rows each desk entry writes.
public struct ParcelStore: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    private static let columns = """
        id, waybill, carrier, masked_phone, phone_last4, pickup_code, state, arrived_at_ms, expires_at_ms,
        reminded_at_ms, picked_up_at_ms, collected_by, returned_at_ms, cod_fen, fee_fen
        """
    private static let held = "state IN ('on_shelf', 'returning')"

    private static func record(_ row: Row) -> ParcelRecord? {
        guard let carrier = Carrier(name: row["carrier"]), let code = ParcelCode(text: row["pickup_code"]),
              let state = ParcelState(rawValue: row["state"]) else { return nil }
        return ParcelRecord(
            id: row["id"], waybill: row["waybill"], carrier: carrier, maskedPhone: row["masked_phone"],
            phoneLast4: row["phone_last4"], code: code, state: state, arrivedAtMs: row["arrived_at_ms"],
            expiresAtMs: row["expires_at_ms"], remindedAtMs: row["reminded_at_ms"], pickedUpAtMs: row["picked_up_at_ms"],
            collectedBy: row["collected_by"], returnedAtMs: row["returned_at_ms"], codFen: row["cod_fen"],
            feeFen: row["fee_fen"])
    }

    private func records(_ sql: String, _ arguments: StatementArguments = []) throws -> [ParcelRecord] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM parcels " + sql, arguments: arguments).compactMap(Self.record)
        }
    }

    // MARK: Reads

    /// The id the next parcel gets.
    public func nextParcelID() throws -> Int64 {
        try database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM parcels") ?? 1 }
    }

    /// The slots of the parcels on the shelves (waiting for their villager or for their courier), and the
    /// sequence number given last (-1 before the first parcel).
    public func shelfState() throws -> (occupied: [ShelfSlot], lastSequence: Int) {
        try database.pool.read { db in
            let occupied = try Row.fetchAll(db, sql: "SELECT shelf, layer, sequence FROM parcels WHERE \(Self.held)").map {
                ShelfSlot(shelf: $0["shelf"], layer: $0["layer"], sequence: $0["sequence"])
            }
            let last = try Int.fetchOne(db, sql: "SELECT sequence FROM parcels ORDER BY id DESC LIMIT 1") ?? -1
            return (occupied, last)
        }
    }

    public func parcel(_ id: Int64) throws -> ParcelRecord? {
        try records("WHERE id = ?", [id]).first
    }

    /// The parcel with this waybill still on the shelves, if any.
    public func held(waybill: String) throws -> ParcelRecord? {
        try records("WHERE waybill = ? AND \(Self.held)", [waybill]).first
    }

    /// The parcel waiting for its villager under `code`.
    public func waiting(code: ParcelCode) throws -> ParcelRecord? {
        try records("WHERE pickup_code = ? AND state = 'on_shelf'", [code.text]).first
    }

    /// Whether parcel `id`'s charge (cash on delivery and fee) was paid: its charge order (kind `parcel`,
    /// line `PARCEL-N`) is paid, or closed after it was.
    public func chargePaid(parcelID id: Int64) throws -> Bool {
        try database.pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                               WHERE o.kind = 'parcel' AND o.state IN ('paid', 'closed') AND l.barcode = ?)
                """, arguments: ["PARCEL-\(id)"]) ?? false
        }
    }

    /// The parcels waiting for villagers whose phone ends in `last4`, oldest first.
    public func waiting(phoneLast4: String) throws -> [ParcelRecord] {
        try records("WHERE phone_last4 = ? AND state = 'on_shelf' ORDER BY id LIMIT ?",
                    [phoneLast4, ParcelEntry.maxParcelsPerHandOver])
    }

    /// Parcels in `states` (all when empty), newest first, at most `limit`.
    public func list(states: [ParcelState] = [], limit: Int = 50) throws -> [ParcelRecord] {
        let filter = states.isEmpty ? "" : "WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ", ")))"
        return try records("\(filter) ORDER BY id DESC LIMIT ?", [limit])
    }

    /// What a pickup code, a phone's last 4 digits or a waybill number finds, in any state, newest first.
    public func find(_ query: ParcelQuery) throws -> [ParcelRecord] {
        switch query {
        case .code(let code): try records("WHERE pickup_code = ? ORDER BY id DESC LIMIT 20", [code.text])
        case .phoneLast4(let last4): try records("WHERE phone_last4 = ? ORDER BY id DESC LIMIT 50", [last4])
        case .waybill(let waybill): try records("WHERE waybill = ? ORDER BY id DESC", [waybill])
        case .mistypedCode: []
        }
    }

    /// The return list: parcels whose hold ended, waiting for their courier, by carrier then age.
    public func returnList() throws -> [ParcelRecord] {
        try records("WHERE state = 'returning' ORDER BY carrier, id")
    }

    /// Parcels waiting for their villager whose reminder or expiry may be due at `nowMs`: the hold ends
    /// within a day and no reminder went yet, or the hold is over.
    public func holdsEnding(nowMs: Int64) throws -> [ParcelRecord] {
        try records("""
            WHERE state = 'on_shelf' AND (expires_at_ms <= ? OR (reminded_at_ms IS NULL AND expires_at_ms <= ?))
            ORDER BY id
            """, [nowMs, nowMs + ParcelHoldPolicy.dayMs])
    }

    /// Parcels by carrier and where they stand; with `arrivedFromMs`/`beforeMs`, only those that arrived
    /// in that span (the day's identity).
    public func tally(arrivedFromMs: Int64 = .min, beforeMs: Int64 = .max) throws -> [Carrier: ParcelTally] {
        try database.pool.read { db in
            var tallies: [Carrier: ParcelTally] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT carrier, state, count(*) AS n FROM parcels WHERE arrived_at_ms >= ? AND arrived_at_ms < ?
                GROUP BY carrier, state
                """, arguments: [arrivedFromMs, beforeMs]) {
                guard let carrier = Carrier(name: row["carrier"]), let state = ParcelState(rawValue: row["state"]) else { continue }
                let count: Int = row["n"]
                tallies[carrier, default: ParcelTally()].arrived += count
                switch state {
                case .onShelf, .returning: tallies[carrier, default: ParcelTally()].onShelf += count
                case .pickedUp: tallies[carrier, default: ParcelTally()].pickedUp += count
                case .returned: tallies[carrier, default: ParcelTally()].returned += count
                }
            }
            return tallies
        }
    }

    /// The payload of outbox item `key` (a parcel's message), pending or sent.
    public func outboxPayload(key: String) throws -> [UInt8]? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT payload FROM outbox WHERE idempotency_key = ?", arguments: [key])
                .map { [UInt8]($0["payload"] as Data) }
        }
    }

    // MARK: Audit

    /// Differences between the desk's journal and the parcels table: each carrier's identity
    /// (arrived = picked up + returned + on the shelf) counted from the journal entries must hold, and
    /// every parcel must stand where its last entry put it.
    public func violations() throws -> [String] {
        var expected: [Int64: (carrier: Carrier, state: ParcelState)] = [:]
        var found: [String] = []
        try EventJournal(database: database).forEachEvent(in: .parcels) { sequence, payload in
            guard let entry = ParcelEntry(decoding: payload) else {
                found.append("parcel journal entry \(sequence) cannot be decoded")
                return
            }
            func move(_ id: Int64, from states: [ParcelState], to state: ParcelState) {
                guard let parcel = expected[id], states.contains(parcel.state) else {
                    found.append("parcel journal entry \(sequence) moves parcel \(id) to \(state.rawValue) from \(expected[id].map(\.state.rawValue) ?? "nowhere")")
                    return
                }
                expected[id] = (parcel.carrier, state)
            }
            switch entry {
            case .arrived(let id, _, let carrier, _, _, _, _, _):
                if expected[id] != nil { found.append("parcel journal entry \(sequence) arrives parcel \(id) twice") }
                expected[id] = (carrier, .onShelf)
            case .handedOver(let ids, _, _):
                for id in ids { move(id, from: [.onShelf], to: .pickedUp) }
            case .reminded(let id, _):
                move(id, from: [.onShelf], to: .onShelf)
            case .expired(let id, _):
                move(id, from: [.onShelf], to: .returning)
            case .returned(let id, _):
                move(id, from: [.returning], to: .returned)
            }
        }
        var journaled: [Carrier: ParcelTally] = [:]
        for (_, parcel) in expected {
            journaled[parcel.carrier, default: ParcelTally()].arrived += 1
            switch parcel.state {
            case .onShelf, .returning: journaled[parcel.carrier, default: ParcelTally()].onShelf += 1
            case .pickedUp: journaled[parcel.carrier, default: ParcelTally()].pickedUp += 1
            case .returned: journaled[parcel.carrier, default: ParcelTally()].returned += 1
            }
        }
        let stored = try tally()
        for carrier in Carrier.allCases where journaled[carrier] != stored[carrier] {
            let j = journaled[carrier] ?? ParcelTally(), s = stored[carrier] ?? ParcelTally()
            found.append("parcels \(carrier.name): the journal gives arrived \(j.arrived) = picked up \(j.pickedUp) + returned \(j.returned) + on shelf \(j.onShelf), the table arrived \(s.arrived) = \(s.pickedUp) + \(s.returned) + \(s.onShelf)")
        }
        for (carrier, tally) in stored where !tally.balances {
            found.append("parcels \(carrier.name): arrived \(tally.arrived) is not picked up + returned + on shelf")
        }
        let rows = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, state FROM parcels").map { ($0["id"] as Int64, $0["state"] as String) }
        }
        for (id, state) in rows where expected[id]?.state.rawValue != state {
            found.append("parcel \(id) is \(state) but its journal entries leave it \(expected[id]?.state.rawValue ?? "unrecorded")")
        }
        return found
    }

    // MARK: Writes

    /// The row of a parcel put on the shelf.
    public static func arrival(id: Int64, waybill: String, carrier: Carrier, maskedPhone: String, phoneLast4: String,
                               code: ParcelCode, arrivedAtMs: Int64, expiresAtMs: Int64, codFen: Int64 = 0,
                               feeFen: Int64 = 0) -> [StoreWrite] {
        [StoreWrite("""
            INSERT INTO parcels (id, waybill, carrier, masked_phone, phone_last4, shelf, layer, sequence, pickup_code,
                                 state, arrived_at_ms, expires_at_ms, cod_fen, fee_fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'on_shelf', ?, ?, ?, ?)
            """, .integer(id), .text(waybill), .text(carrier.name), .text(maskedPhone), .text(phoneLast4),
            .integer(Int64(code.slot.shelf)), .integer(Int64(code.slot.layer)), .integer(Int64(code.slot.sequence)),
            .text(code.text), .integer(arrivedAtMs), .integer(expiresAtMs), .integer(codFen), .integer(feeFen))]
    }

    /// Parcels handed over (to `neighbour` when not to the villager).
    public static func handOver(ids: [Int64], neighbour: String?, atMs: Int64) -> [StoreWrite] {
        ids.map {
            StoreWrite("UPDATE parcels SET state = 'picked_up', picked_up_at_ms = ?, collected_by = ? WHERE id = ?",
                       .integer(atMs), neighbour.map(JournalValue.text) ?? .null, .integer($0))
        }
    }

    public static func reminded(id: Int64, atMs: Int64) -> [StoreWrite] {
        [StoreWrite("UPDATE parcels SET reminded_at_ms = ? WHERE id = ?", .integer(atMs), .integer(id))]
    }

    public static func expired(id: Int64, atMs: Int64) -> [StoreWrite] {
        [StoreWrite("UPDATE parcels SET state = 'returning', expired_at_ms = ? WHERE id = ?", .integer(atMs), .integer(id))]
    }

    public static func returned(id: Int64, atMs: Int64) -> [StoreWrite] {
        [StoreWrite("UPDATE parcels SET state = 'returned', returned_at_ms = ? WHERE id = ?", .integer(atMs), .integer(id))]
    }
}
