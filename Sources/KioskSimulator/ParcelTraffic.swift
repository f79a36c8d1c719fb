import KioskCore
import KioskEngine
import KioskSimulation
import KioskStore

/// The parcel desk's part of a generated day: couriers' drops scanned through the scanner in arrival
/// mode, and villagers collecting by code or phone, now and then with a wrong parcel scanned first.
enum ParcelTraffic {
    /// Villagers who get parcels: a small village, so one phone often has several waiting.
    static let villagers = 40

    /// A courier hands over 2–6 parcels and takes back what is on the return list.
    static func courierDrop(_ number: Int, at session: SimulationSession, random: inout Xoshiro256StarStar) {
        session.parcels.runHolds(nowMs: session.clockMs)
        session.parcels.mode = .returns
        for parcel in (try? session.parcels.store.returnList()) ?? [] {
            session.scan(Array(parcel.waybill.utf8))
        }
        session.parcels.mode = .arrival
        for index in 0..<(2 + Int(random.next(below: 5))) {
            let carrier = Carrier.allCases[Int(random.next(below: UInt64(Carrier.allCases.count)))]
            if random.next(below: 5) > 0 {
                session.scan(Array(phone(Int(random.next(below: UInt64(villagers)))).utf8))
            }
            session.scan(Array(waybill(carrier, number: number, index: index, random: &random).utf8))
        }
        session.parcels.mode = .off
    }

    /// A villager collects: by the code of one parcel, or by their phone's last 4 digits (all theirs);
    /// one time in eight the operator first scans a parcel that is not theirs, which is refused.
    static func pickup(at session: SimulationSession, random: inout Xoshiro256StarStar) {
        guard let waiting = try? session.parcels.store.list(states: [.onShelf], limit: 200), !waiting.isEmpty else { return }
        let parcel = waiting[Int(random.next(below: UInt64(waiting.count)))]
        let byPhone = !parcel.phoneLast4.isEmpty && random.next(below: 2) == 0
        let found = session.parcels.beginHandOver(byPhone ? parcel.phoneLast4 : parcel.code.text, nowMs: session.clockMs)
        session.parcels.mode = .pickup
        if random.next(below: 8) == 0, let other = waiting.first(where: { candidate in !found.contains { $0.id == candidate.id } }) {
            session.scan(Array(other.waybill.utf8))
        }
        for parcel in found {
            session.scan(Array(parcel.waybill.utf8))
        }
        session.parcels.mode = .off
        session.advance(toMs: session.clockMs + 20_000)
    }

    /// Mobile number of villager `index`.
    static func phone(_ index: Int) -> String {
        "139" + digits(UInt64(20_000_000 + index * 7_919), count: 8)
    }

    /// A waybill number in `carrier`'s pattern, unique to the customer number and index.
    static func waybill(_ carrier: Carrier, number: Int, index: Int, random: inout Xoshiro256StarStar) -> String {
        let unique = digits(UInt64(number) * 8 + UInt64(index), count: 7)
        let tail = digits(random.next(below: 1_000_000), count: 6)
        switch carrier {
        case .zto: return "7" + unique + tail
        case .yto: return "YT" + unique + tail
        case .sto: return "77" + unique + digits(random.next(below: 10_000), count: 4)
        case .yunda: return "43" + unique + digits(random.next(below: 10_000), count: 4)
        case .sf: return "SF" + unique + tail
        case .jd: return "JDV" + unique + digits(random.next(below: 100_000), count: 5)
        case .ems: return "1" + unique + digits(random.next(below: 100_000), count: 5)
        case .cainiao: return "LP" + unique + digits(random.next(below: 10_000_000), count: 7)
        }
    }

    static func digits(_ value: UInt64, count: Int) -> String {
        let text = String(value % Self.power(count))
        return String(repeating: "0", count: count - text.count) + text
    }

    private static func power(_ count: Int) -> UInt64 {
        (0..<count).reduce(1) { value, _ in value * 10 }
    }
}
