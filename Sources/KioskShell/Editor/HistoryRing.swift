/// The last few submitted lines, newest first, in storage sized once at creation.
public struct HistoryRing: Sendable {
    /// How many lines are kept; older lines are overwritten.
    public let capacity: Int
    private var slots: [[UInt8]]
    private var newestIndex = -1
    /// How many lines are stored (at most ``capacity``).
    public private(set) var count = 0

    /// Creates an empty ring; `capacity` comes from the board (a capacity below 1 keeps nothing).
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        slots = Array(repeating: [], count: self.capacity)
    }

    /// Stores `line` as the newest entry, unless it is empty or repeats the newest entry.
    public mutating func append(_ line: [UInt8]) {
        guard capacity > 0, !line.isEmpty, line != entry(back: 0) else { return }
        newestIndex = (newestIndex + 1) % capacity
        slots[newestIndex] = line
        count = min(count + 1, capacity)
    }

    /// The entry `back` steps before the newest (0 is the newest), or nil past the oldest.
    public func entry(back: Int) -> [UInt8]? {
        guard back >= 0, back < count else { return nil }
        return slots[(newestIndex - back + capacity) % capacity]
    }
}
