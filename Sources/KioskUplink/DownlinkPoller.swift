import Foundation

/// Runs the down-link beside the counter's loop: a fetch now, then every `pollMs` while the hub answers,
/// backing off (capped, with jitter) while it does not. The counter never waits for it; what it takes
/// waits in the store until the station applies it between orders.
public struct DownlinkPoller: Sendable {
    let client: DownlinkClient
    let clock: any UplinkClock
    let pollMs: Int64
    let backoff: UplinkBackoff

    public init(client: DownlinkClient, clock: any UplinkClock, pollMs: Int64 = 300_000,
                backoff: UplinkBackoff = UplinkBackoff()) {
        precondition(pollMs > 0, "the hub is asked again after a positive delay")
        self.client = client
        self.clock = clock
        self.pollMs = pollMs
        self.backoff = backoff
    }

    /// Fetches until the task is cancelled; `onOutcome` hears each fetch (for the log).
    public func run(random seed: UplinkRandom, onOutcome: @Sendable (DownlinkClient.Outcome) -> Void) async {
        var random = seed
        var failures = 0
        while !Task.isCancelled {
            let outcome = await client.fetchOnce(nowMs: clock.nowMs())
            onOutcome(outcome)
            let delayMs: Int64
            if case .failed = outcome {
                failures += 1
                delayMs = backoff.delayMs(afterFailures: failures, using: &random)
            } else {
                failures = 0
                delayMs = pollMs
            }
            do { try await clock.sleep(ms: delayMs) } catch { return }
        }
    }
}
