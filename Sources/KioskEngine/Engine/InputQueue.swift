import KioskCore
import Logging

/// The engine's inputs that are due at a time: workers' reports (a gateway's answer, a printed receipt)
/// and the engine's own timers (a charge's timeout, a retry). Bounded: reserved once, at boot, from the
/// board's limits; a report that finds it full is logged and dropped (recovery settles what it was about
/// at the next boot, from the store).
///
/// Ordered by due time, then by arrival, so a simulation replays the same order from the same seed.
public final class InputQueue: WorkReports {
    private var entries: [(dueMs: Int64, order: Int64, input: StationInput)] = []
    private var arrivals: Int64 = 0
    let capacity: Int
    private let logger: Logger

    init(capacity: Int, logger: Logger) {
        precondition(capacity > 0, "an input queue holds at least one input")
        self.capacity = capacity
        self.logger = logger
        entries.reserveCapacity(capacity)
    }

    /// How many inputs wait.
    public var count: Int { entries.count }

    public func report(_ input: StationInput, atMs dueMs: Int64) {
        guard entries.count < capacity else {
            logger.error("input queue full: a report was dropped; recovery settles it at the next boot",
                         metadata: ["capacity": "\(capacity)"])
            return
        }
        arrivals += 1
        let entry = (dueMs, arrivals, input)
        let index = entries.firstIndex { ($0.dueMs, $0.order) > (dueMs, arrivals) } ?? entries.endIndex
        entries.insert(entry, at: index)
        precondition(entries.count <= capacity, "input queue over its capacity")
    }

    /// Removes and returns the earliest input due at or before `nowMs` (first reported first).
    func popDue(nowMs: Int64) -> (dueMs: Int64, input: StationInput)? {
        guard let first = entries.first, first.dueMs <= nowMs else { return nil }
        entries.removeFirst()
        return (first.dueMs, first.input)
    }

    /// Drops the timeout of charge `key` (its answer arrived in time).
    func cancelTimeout(_ key: PaymentKey) {
        entries.removeAll { $0.input == .action(.paymentTimedOut(key)) }
    }

    /// The time of the next input due, if any (a simulation's clock may skip to it).
    var nextDueMs: Int64? { entries.first?.dueMs }
}
