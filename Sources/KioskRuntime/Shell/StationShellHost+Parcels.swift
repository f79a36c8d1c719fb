import KioskCore
import KioskEngine
import KioskShell
import KioskStore

extension StationShellHost: ParcelControls {
    private var parcelStore: ParcelStore { ParcelStore(database: station.database) }

    func parcels(limit: Int) throws -> [ParcelRecord] {
        try parcelStore.list(limit: limit)
    }

    func findParcels(_ query: String) throws -> [ParcelRecord] {
        try parcelStore.find(ParcelQuery(query))
    }

    func parcelReturns() throws -> [ParcelRecord] {
        try parcelStore.returnList()
    }

    func parcelStats() throws -> (today: [Carrier: ParcelTally], all: [Carrier: ParcelTally]) {
        (try station.onEngine { try station.parcels.todaysIdentity(nowMs: station.nowMs) }, try parcelStore.tally())
    }

    func printParcelIdentity() throws -> String {
        let bytes = try station.onEngine { try station.parcels.dailyIdentitySlip(nowMs: station.nowMs) }
        switch station.printDirectly(bytes) {
        case .confirmed: return "today's parcels by carrier printed"
        case .held(let hold): throw ShellHostError.failed("printer: \(hold.rawValue)")
        }
    }

    func setParcelMode(_ mode: String) throws -> String {
        guard let chosen = ParcelDesk.Mode(rawValue: mode) else {
            throw ShellHostError.failed("parcels mode: one of \(ParcelDesk.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        station.onEngine { station.parcels.mode = chosen }
        return "parcel desk: \(chosen.rawValue)"
    }

    func collectParcelCharge(code: String) throws -> String {
        guard let parsed = ParcelCode(text: code) else { throw ShellHostError.failed("parcels collect: CODE is a 7-digit pickup code") }
        let outcome = station.onEngine {
            (station.parcels.collect(code: parsed, nowMs: station.nowMs), station.engine.lastMessage)
        }
        guard let order = outcome.0 else { throw ShellHostError.failed("refused: \(outcome.1 ?? "nothing to collect")") }
        return "order \(order): \(outcome.1 ?? "collect at the counter")"
    }
}
