import MallocInterposerSwift

/// Heap allocations counted by the malloc interposer (preloaded by scripts/bench).
enum AllocationCounter {
    /// Allocations made by `body`.
    static func count(_ body: () -> Void) -> Int {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        body()
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount
    }

    /// Allocations seen while building a 1000-element array: more than 0 when the counter counts.
    static func sanityCount() -> Int {
        var sink = 0
        let allocations = count {
            let array = Array(repeating: sink &+ 1, count: 1000 + sink)
            sink = array.count
        }
        precondition(sink == 1000)
        return allocations
    }
}
