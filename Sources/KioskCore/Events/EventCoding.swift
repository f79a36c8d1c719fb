/// The journal's binary form of a ``CoreEvent``: compact, versioned, little-endian, pure Swift.
///
/// Layout: `version u8 (1) · tag u8 · timeMs i64 · payload`. Fixed byte strings are a length
/// byte and the bytes. A payment code is written masked (scheme + `28****1234`), never whole:
/// the journal is not a place for bearer credentials. The machine keeps only the mask, so a
/// decoded event replays to the same state as the original.
extension CoreEvent {
    /// The format version written by ``encode(into:)``.
    public static let encodingVersion: UInt8 = 1
    /// No encoded event is longer than this (the longest is an order loaded back from the store).
    public static let maximumEncodedBytes = 256

    /// Appends the event's bytes to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        var writer = EventWriter(bytes: bytes)
        bytes = []
        writer.u8(Self.encodingVersion)
        writer.u8(action.tag)
        writer.i64(timeMs)
        action.encodePayload(&writer)
        bytes = writer.bytes
    }

    /// The event's bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.maximumEncodedBytes)
        encode(into: &bytes)
        return bytes
    }

    /// Decodes one event, which must fill `bytes` exactly.
    public init(decoding bytes: some Collection<UInt8>) throws(EventDecodingError) {
        var reader = EventReader(bytes: Array(bytes))
        let version = try reader.u8()
        guard version == Self.encodingVersion else { throw .unsupportedVersion(version) }
        let tag = try reader.u8()
        let time = try reader.i64()
        let action = try CoreAction.decode(tag: tag, &reader)
        guard reader.isAtEnd else { throw .trailingBytes }
        self.init(timeMs: time, action)
    }
}

/// Why bytes are not an event.
public enum EventDecodingError: Error, Hashable, Sendable {
    /// The bytes end inside a field.
    case truncated
    /// Written by a format this build does not read.
    case unsupportedVersion(UInt8)
    /// No action has this tag.
    case unknownTag(UInt8)
    /// A field holds a value that no event can have.
    case invalidValue
    /// Bytes left over after the event.
    case trailingBytes
}

struct EventWriter {
    var bytes: [UInt8]

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { for shift in stride(from: 0, to: 16, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
    mutating func u64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
    mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func key(_ key: PaymentKey) { u32(key.orderID); u16(key.attempt) }

    mutating func fixed<Storage>(_ value: FixedBytes<Storage>) {
        u8(UInt8(value.count))
        value.withBytes { bytes.append(contentsOf: $0) }
    }
}

struct EventReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func u8() throws(EventDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func unsigned(_ width: Int) throws(EventDecodingError) -> UInt64 {
        var value: UInt64 = 0
        for index in 0 ..< width { value |= UInt64(try u8()) << (8 * index) }
        return value
    }

    mutating func u16() throws(EventDecodingError) -> UInt16 { UInt16(try unsigned(2)) }
    mutating func u32() throws(EventDecodingError) -> UInt32 { UInt32(try unsigned(4)) }
    mutating func u64() throws(EventDecodingError) -> UInt64 { try unsigned(8) }
    mutating func i32() throws(EventDecodingError) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func i64() throws(EventDecodingError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func key() throws(EventDecodingError) -> PaymentKey { PaymentKey(orderID: try u32(), attempt: try u16()) }

    mutating func fixed<Storage>(_: FixedBytes<Storage>.Type = FixedBytes<Storage>.self) throws(EventDecodingError) -> FixedBytes<Storage> {
        let count = Int(try u8())
        guard count <= FixedBytes<Storage>.capacity else { throw .invalidValue }
        guard offset + count <= bytes.count else { throw .truncated }
        defer { offset += count }
        return FixedBytes(bytes[offset ..< offset + count])!
    }

    mutating func raw<Value: RawRepresentable<UInt8>>(_: Value.Type) throws(EventDecodingError) -> Value {
        guard let value = Value(rawValue: try u8()) else { throw .invalidValue }
        return value
    }
}
