import Foundation
import KioskStore
import KioskUplink
import KioskUplinkWire
import Synchronization

/// A hub in memory behind the uplink transport: checks each request's signature like the real one,
/// stores entries by (store, sequence) once, refuses gaps, and can be told to fail the next requests
/// (the link down) or to lose its answer after storing (a timeout after the hub committed).
final class FakeHub: UplinkTransport {
    struct State {
        var stored: [String: [Int64: UplinkEntry]] = [:]
        var storedThrough: [String: Int64] = [:]
        var requests = 0
        var failNext = 0
        var loseAnswerNext = 0
        /// Forgets everything after this sequence before the next request (a hub restored from a backup).
        var forgetAfter: Int64?
        var badSignatures = 0
    }

    let key: StationKey
    let clock: InstantClock
    let state = Mutex(State())

    init(key: StationKey, clock: InstantClock) {
        self.key = key
        self.clock = clock
    }

    struct LinkDown: Error {}

    func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse {
        try state.withLock { state in
            state.requests += 1
            if state.failNext > 0 {
                state.failNext -= 1
                throw LinkDown()
            }
            guard url.path == UplinkSignature.uplinkPath,
                  let station = headers[UplinkSignature.stationHeader],
                  let timestamp = headers[UplinkSignature.timestampHeader].flatMap({ Int64($0) }),
                  let signature = headers[UplinkSignature.signatureHeader],
                  UplinkSignature.verify(signature, key: key, method: "POST", path: url.path, station: station,
                                         timestampMs: timestamp, body: body, nowMs: clock.nowMs())
            else {
                state.badSignatures += 1
                return UplinkResponse(status: 401, body: Data())
            }
            let batch = try UplinkCoding.decode(UplinkBatch.self, from: body)
            precondition(batch.shapeProblem == nil, "the station sends well-formed batches")
            if let forget = state.forgetAfter {
                state.forgetAfter = nil
                for store in state.stored.keys {
                    state.stored[store] = state.stored[store]!.filter { $0.key <= forget }
                    state.storedThrough[store] = min(state.storedThrough[store] ?? 0, forget)
                }
            }
            let through = state.storedThrough[batch.storeID] ?? 0
            guard batch.entries[0].sequence <= through + 1 else {
                return UplinkResponse(status: 409, body: try UplinkCoding.encode(UplinkAnswer(storedThrough: through, refusal: "gap")))
            }
            for entry in batch.entries where entry.sequence > through {
                precondition(state.stored[batch.storeID, default: [:]][entry.sequence] == nil, "stored once")
                state.stored[batch.storeID, default: [:]][entry.sequence] = entry
            }
            state.storedThrough[batch.storeID] = max(through, batch.entries[batch.entries.count - 1].sequence)
            if state.loseAnswerNext > 0 {
                state.loseAnswerNext -= 1
                throw LinkDown()
            }
            return UplinkResponse(status: 200, body: try UplinkCoding.encode(UplinkAnswer(storedThrough: state.storedThrough[batch.storeID]!)))
        }
    }

    var storedCount: Int { state.withLock { $0.stored.values.reduce(0) { $0 + $1.count } } }
}

/// A clock that never waits: it records each wait asked for and moves its time on by it.
final class InstantClock: UplinkClock {
    let waits = Mutex<[Int64]>([])
    let now: Mutex<Int64>

    init(now: Int64) { self.now = Mutex(now) }

    func nowMs() -> Int64 { now.withLock { $0 } }

    func sleep(ms: Int64) async throws {
        waits.withLock { $0.append(ms) }
        now.withLock { $0 += ms }
    }
}

/// A fresh data directory, removed after the test.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-uplink-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
