import KioskCore

/// Core actions due at a later time (a gateway answer that arrives after a delay, a charge's
/// timeout). Bounded: a station never has more than its pending payments in flight.
struct TimerQueue {
    private var entries: [(dueMs: Int64, order: Int, action: CoreAction)] = []
    private var counter = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries.reserveCapacity(capacity)
    }

    /// Adds `action` at `dueMs`; false when the queue is full.
    mutating func schedule(_ action: CoreAction, atMs dueMs: Int64) -> Bool {
        guard entries.count < capacity else { return false }
        counter += 1
        entries.append((dueMs, counter, action))
        return true
    }

    /// Removes and returns the earliest action due at or before `nowMs` (first scheduled first).
    mutating func popDue(nowMs: Int64) -> (dueMs: Int64, action: CoreAction)? {
        guard let index = entries.indices.filter({ entries[$0].dueMs <= nowMs })
            .min(by: { (entries[$0].dueMs, entries[$0].order) < (entries[$1].dueMs, entries[$1].order) })
        else { return nil }
        let entry = entries.remove(at: index)
        return (entry.dueMs, entry.action)
    }

    /// Drops the timeout of charge `key` (its answer arrived in time).
    mutating func cancelTimeout(_ key: PaymentKey) {
        entries.removeAll { entry in
            if case .paymentTimedOut(let pending) = entry.action { return pending == key }
            return false
        }
    }
}
