/// Fixed-capacity byte strings stored inline (no heap): barcodes, payment codes, names, phones.
///
/// The storage is a tuple of `UInt64` words, so a record holding one has a size known at compile
/// time and can live in the machine's preallocated tables. Unused bytes are always zero, which
/// makes equality and hashing a comparison of the raw words.
public struct FixedBytes<Storage: FixedByteStorage>: Hashable, Sendable {
    var storage: Storage
    /// The number of bytes held.
    public private(set) var count: Int

    /// How many bytes fit.
    public static var capacity: Int { MemoryLayout<Storage>.size }

    /// An empty byte string.
    public init() {
        storage = Storage.zero
        count = 0
    }

    /// The bytes, or `nil` when there are more than ``capacity``.
    public init?(_ bytes: some Sequence<UInt8>) {
        self.init()
        for byte in bytes {
            guard append(byte) else { return nil }
        }
    }

    /// The UTF-8 bytes of `text`, or `nil` when they do not fit.
    public init?(utf8 text: some StringProtocol) {
        self.init(Substring(text).utf8)
    }

    /// Appends a byte; `false` (and no change) when full.
    public mutating func append(_ byte: UInt8) -> Bool {
        guard count < Self.capacity else { return false }
        let index = count
        withUnsafeMutableBytes(of: &storage) { $0[index] = byte }
        count += 1
        return true
    }

    /// The byte at `index` (`0 ..< count`).
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "FixedBytes index out of range")
        return withUnsafeBytes(of: storage) { $0[index] }
    }

    /// Calls `body` with the bytes held (exactly `count` of them).
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(of: storage) { try body(UnsafeRawBufferPointer(rebasing: $0[0 ..< count])) }
    }

    /// The bytes decoded as UTF-8 (invalid sequences become U+FFFD). Not for the hot path.
    public var text: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether every byte is an ASCII digit (and there is at least one).
    public var isAllDigits: Bool {
        count > 0 && withBytes { $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && withUnsafeBytes(of: lhs.storage) { left in
            withUnsafeBytes(of: rhs.storage) { right in left.elementsEqual(right) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        withBytes { hasher.combine(bytes: $0) }
    }
}

/// Inline word storage for ``FixedBytes``: a tuple of `UInt64` with no padding.
public protocol FixedByteStorage: Sendable {
    /// All bytes zero.
    static var zero: Self { get }
}

/// 16 bytes of inline storage.
public struct FixedWords2: FixedByteStorage {
    var words: (UInt64, UInt64)
    public static var zero: Self { Self(words: (0, 0)) }
}

/// 32 bytes of inline storage.
public struct FixedWords4: FixedByteStorage {
    var words: (UInt64, UInt64, UInt64, UInt64)
    public static var zero: Self { Self(words: (0, 0, 0, 0)) }
}

/// 64 bytes of inline storage.
public struct FixedWords8: FixedByteStorage {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public static var zero: Self { Self(words: (0, 0, 0, 0, 0, 0, 0, 0)) }
}

/// Up to 16 bytes inline: phone numbers.
public typealias FixedBytes16 = FixedBytes<FixedWords2>
/// Up to 32 bytes inline: barcodes and payment codes.
public typealias FixedBytes32 = FixedBytes<FixedWords4>
/// Up to 64 bytes inline: names (UTF-8, so about 21 Chinese characters).
public typealias FixedBytes64 = FixedBytes<FixedWords8>
