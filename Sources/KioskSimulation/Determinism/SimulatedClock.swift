/// Time in a simulation: milliseconds since the Unix epoch that move only when told to.
public struct SimulatedClock: Sendable, Equatable {
    /// The current simulated time.
    public private(set) var nowMs: Int64

    public init(startMs: Int64) {
        nowMs = startMs
    }

    /// Moves time forward; a negative step is refused (simulated time never runs backwards).
    public mutating func advance(byMs step: Int64) {
        precondition(step >= 0, "simulated time cannot go backwards")
        nowMs += step
    }

    /// Jumps to `timeMs` if it is not in the past; returns whether time moved.
    @discardableResult
    public mutating func advance(toMs timeMs: Int64) -> Bool {
        guard timeMs >= nowMs else { return false }
        nowMs = timeMs
        return true
    }
}
