/// Bytes waiting for a terminal, capped: when a terminal stops reading, new output is dropped and a
/// notice saying how much was lost goes out once it reads again.
struct OutputBuffer {
    let limit_bytes: Int
    private var storage: [UInt8] = []
    private var start = 0
    private(set) var dropped_bytes = 0

    init(limit_bytes: Int) {
        self.limit_bytes = limit_bytes
        storage.reserveCapacity(limit_bytes)
    }

    var isEmpty: Bool { start == storage.count && dropped_bytes == 0 }
    var pending: ArraySlice<UInt8> { storage[start...] }

    /// Queues `bytes`, or counts them as dropped if they do not fit.
    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        compact()
        guard dropped_bytes == 0, storage.count + bytes.count <= limit_bytes else {
            dropped_bytes += bytes.count
            return
        }
        storage += bytes
    }

    /// Marks `count` bytes as written; queues the drop notice once there is room for it.
    mutating func consume(_ count: Int) {
        start += count
        if start == storage.count, dropped_bytes > 0 {
            storage.removeAll(keepingCapacity: true)
            start = 0
            storage += Array("\r\n[\(dropped_bytes) bytes of output dropped 输出已丢弃]\r\n".utf8)
            dropped_bytes = 0
        }
    }

    private mutating func compact() {
        guard start > 0 else { return }
        storage.removeFirst(start)
        start = 0
    }
}
