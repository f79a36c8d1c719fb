import Foundation
import KioskStore

/// The time the uplink worker runs on: the wall clock at a station, an instant one in tests.
public protocol UplinkClock: Sendable {
    func nowMs() -> Int64
    /// Waits `ms` milliseconds; throws when the task is cancelled.
    func sleep(ms: Int64) async throws
}

/// The uplink worker: beside the counter's event loop, never on it. It pushes batches while there is a
/// backlog, backs off (capped, with jitter) after a failure, and looks again every `idlePollMs` when
/// the hub holds everything. The counter never waits for it: it reads the journal on a reader
/// connection and writes one short acknowledgement per batch.
public actor UplinkWorker<Random: RandomNumberGenerator & Sendable> {
    public let client: UplinkClient
    let backoff: UplinkBackoff
    let clock: any UplinkClock
    let idlePollMs: Int64
    var random: Random
    /// Failures in a row since the last success.
    public private(set) var failures = 0
    /// Batches the hub stored since the worker started.
    public private(set) var batchesStored = 0

    public init(client: UplinkClient, backoff: UplinkBackoff = UplinkBackoff(), clock: any UplinkClock,
                random: Random, idlePollMs: Int64 = 30_000) {
        precondition(idlePollMs > 0, "an idle worker looks again after a positive delay")
        self.client = client
        self.backoff = backoff
        self.clock = clock
        self.random = random
        self.idlePollMs = idlePollMs
    }

    /// One step and the delay before the next (0 when a backlog remains).
    public func step() async -> (outcome: UplinkClient.Outcome, delayMs: Int64) {
        let outcome = await client.pushOnce(nowMs: clock.nowMs())
        switch outcome {
        case .stored(_, let backlog):
            failures = 0
            batchesStored += 1
            return (outcome, backlog > 0 ? 0 : idlePollMs)
        case .resendFrom:
            failures = 0
            return (outcome, 0)
        case .upToDate:
            failures = 0
            return (outcome, idlePollMs)
        case .failed:
            failures += 1
            return (outcome, backoff.delayMs(afterFailures: failures, using: &random))
        }
    }

    /// Runs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let (_, delay) = await step()
            if delay > 0 {
                do { try await clock.sleep(ms: delay) } catch { return }
            }
        }
    }

    /// Pushes until the hub holds everything (true) or `deadlineMs` passes on the worker's clock (false),
    /// backing off after failures as ``run()`` does.
    public func drain(deadlineMs: Int64) async -> Bool {
        while clock.nowMs() < deadlineMs, !Task.isCancelled {
            let (outcome, delay) = await step()
            if outcome == .upToDate { return true }
            if case .stored(_, 0) = outcome { return true }
            if delay > 0 {
                let wait = min(delay, max(0, deadlineMs - clock.nowMs()))
                do { try await clock.sleep(ms: wait) } catch { return false }
            }
        }
        return false
    }
}

/// The wall clock.
public struct WallUplinkClock: UplinkClock {
    public init() {}

    public func nowMs() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    public func sleep(ms: Int64) async throws {
        try await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000)
    }
}
