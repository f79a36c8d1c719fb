import Foundation
import KioskStore
import KioskUplink

/// `kiosk sim --uplink`: the real uplink worker beside a simulated station, on its own connection to
/// the station's database, uploading while the counter sells; at the end it drains what is left.
final class SimUplink: @unchecked Sendable {
    private let database: KioskDatabase
    private let client: UplinkClient
    private let task: Task<Void, Never>

    private init(database: KioskDatabase, client: UplinkClient) {
        self.database = database
        self.client = client
        let worker = UplinkWorker(client: client, clock: WallUplinkClock(), random: UplinkSetup.systemSeededRandom(),
                                  idlePollMs: 1_000)
        task = Task.detached { await worker.run() }
    }

    static func start(dataDirectory: String) throws -> SimUplink {
        let database = try KioskDatabase.open(dataDirectory: dataDirectory)
        do {
            guard let client = try UplinkSetup.client(database: database) else {
                throw CommandFailure(UplinkSetup.Problem.notEnrolled.description)
            }
            return SimUplink(database: database, client: client)
        } catch let problem as UplinkSetup.Problem {
            throw CommandFailure(problem.description)
        }
    }

    /// Stops the background worker, drains for up to `drainSeconds`, and says how far the hub holds.
    func finish(drainSeconds: Int) -> (acknowledged: Int64, last: Int64) {
        task.cancel()
        _ = UplinkDrain.run(client: client, timeoutSeconds: drainSeconds)
        let progress = try? UplinkStore(database: database).progress()
        try? database.close()
        return (progress?.acknowledgedSequence ?? 0, progress?.lastSequence ?? 0)
    }
}
