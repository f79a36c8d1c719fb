import Foundation

/// A batch's journal entries as bytes: one frame after another, nothing between or after them. A frame is
/// the sequence and the time recorded (8 bytes each, big-endian, signed), the domain and the kind (a
/// length byte, then that many bytes of UTF-8), and the payload (a 4-byte big-endian length, then the
/// bytes). Anything else (a short frame, a name that is not UTF-8, a length past the end, bytes left
/// over) is no list of entries at all.
public enum UplinkEntryFrames {
    /// The longest domain or kind a frame holds (the station's are short identifiers).
    public static let maximumNameBytes = 255

    /// The frames of `entries`; nil when a domain or kind is longer than ``maximumNameBytes``.
    public static func encode(_ entries: [UplinkEntry]) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.reduce(0) { $0 + 26 + $1.domain.utf8.count + $1.kind.utf8.count + $1.payload.count })
        for entry in entries {
            guard entry.domain.utf8.count <= maximumNameBytes, entry.kind.utf8.count <= maximumNameBytes,
                  entry.payload.count <= Int(UInt32.max)
            else { return nil }
            append(UInt64(bitPattern: entry.sequence), bytes: 8, to: &bytes)
            append(UInt64(bitPattern: entry.recordedAtMs), bytes: 8, to: &bytes)
            bytes.append(UInt8(entry.domain.utf8.count))
            bytes.append(contentsOf: entry.domain.utf8)
            bytes.append(UInt8(entry.kind.utf8.count))
            bytes.append(contentsOf: entry.kind.utf8)
            append(UInt64(entry.payload.count), bytes: 4, to: &bytes)
            bytes.append(contentsOf: entry.payload)
        }
        return bytes
    }

    /// The entries `bytes` frame, in order; nil when they are not frames.
    public static func decode(_ bytes: [UInt8]) -> [UplinkEntry]? {
        var reader = Reader(bytes: bytes)
        var entries: [UplinkEntry] = []
        while !reader.isAtEnd {
            guard let sequence = reader.integer(bytes: 8), let recordedAtMs = reader.integer(bytes: 8),
                  let domain = reader.name(), let kind = reader.name(),
                  let length = reader.integer(bytes: 4), let payload = reader.take(Int(length))
            else { return nil }
            entries.append(UplinkEntry(sequence: Int64(bitPattern: sequence), domain: domain, kind: kind,
                                       recordedAtMs: Int64(bitPattern: recordedAtMs), payload: Data(payload)))
        }
        return entries
    }

    private static func append(_ value: UInt64, bytes count: Int, to bytes: inout [UInt8]) {
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, bytes.count - index >= count else { return nil }
            defer { index += count }
            return bytes[index ..< index + count]
        }

        mutating func integer(bytes count: Int) -> UInt64? {
            take(count)?.reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func name() -> String? {
            guard let length = take(1)?.first, let utf8 = take(Int(length)) else { return nil }
            return String(validating: utf8, as: UTF8.self)
        }
    }
}
