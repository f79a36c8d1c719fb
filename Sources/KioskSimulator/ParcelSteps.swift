import KioskCore
import KioskEngine
import KioskSimulation
import KioskStore

/// The simulated SMS network: takes every message while online, each key once (a message resumed after
/// a power cut under the key it was committed with is not sent twice).
public final class SimulatedSMSPort: SMSPort {
    public private(set) var sent: [ShortMessage] = []
    private var keysSent: Set<String> = []
    /// False while the network is down: every send fails and is tried again later.
    public var online = true

    public init() {}

    public func send(_ message: ShortMessage, key: String, nowMs: Int64) -> Bool {
        guard online else { return false }
        if keysSent.insert(key).inserted { sent.append(message) }
        return true
    }
}

extension SimulationSession {
    /// Carries out a parcel desk step; returns why it could not be, or nil.
    func perform(_ step: ParcelStep) -> String? {
        switch step {
        case .arrive(let waybill, let phone, let carrierName, let codFen, let feeFen):
            var carrier: Carrier?
            if let carrierName {
                guard let named = Carrier(name: carrierName) else { return "no carrier is called \(carrierName)" }
                carrier = named
            }
            parcels.arrive(waybill: waybill, phone: phone, carrier: carrier, codFen: codFen, feeFen: feeFen, nowMs: clockMs)
        case .pickup(let given, let neighbour):
            let text: String
            switch given {
            case .text(let typed):
                text = typed
            case .codeOf(let number, let mistake):
                guard let parcel = try? parcels.store.parcel(Int64(number)) else { return "there is no parcel \(number)" }
                text = Self.saying(parcel.code.text, with: mistake)
            }
            parcels.beginHandOver(text, neighbour: neighbour, nowMs: clockMs)
        case .confirm(let waybill):
            parcels.confirm(waybill: waybill, nowMs: clockMs)
        case .done:
            parcels.finishHandOver(nowMs: clockMs)
        case .holds:
            parcels.runHolds(nowMs: clockMs)
        case .returned(let waybill):
            parcels.confirmReturn(waybill: waybill, nowMs: clockMs)
        case .mode(let name):
            parcels.mode = ParcelDesk.Mode(rawValue: name) ?? .off
        case .sms(let online):
            sms.online = online
        }
        return nil
    }

    /// `code` as a villager may get it wrong: one digit off, or two neighbouring digits swapped.
    static func saying(_ code: String, with mistake: ParcelCodeMistake?) -> String {
        var digits = Array(code)
        switch mistake {
        case nil:
            break
        case .typo:
            let value = Int(String(digits[3]))!
            digits[3] = Character(String((value + 1) % 10))
        case .swap:
            if let index = digits.indices.dropLast().first(where: { digits[$0] != digits[$0 + 1] }) {
                digits.swapAt(index, index + 1)
            }
        }
        return String(digits)
    }

    func parcelCount(_ count: ParcelCount) throws -> Int {
        let tallies = try parcels.store.tally().values
        switch count {
        case .arrived: return tallies.reduce(0) { $0 + $1.arrived }
        case .pickedUp: return tallies.reduce(0) { $0 + $1.pickedUp }
        case .returned: return tallies.reduce(0) { $0 + $1.returned }
        case .onShelf: return tallies.reduce(0) { $0 + $1.onShelf }
        case .returning: return try parcels.store.returnList().count
        case .messages: return sms.sent.count
        }
    }
}
