/// The serial protocols of counter and platform scales.
public enum SerialScaleProtocol: String, Sendable, CaseIterable {
    /// Mettler Toledo Standard Interface Command Set (also Ohaus, Sartorius clones): `SI` CR LF asks
    /// for the weight at once; the reply is `S S  1.234 kg` (stable) or `S D …` (dynamic).
    case mtSICS = "mt-sics"
    /// The Toledo 8217 request/response protocol: `W` asks; the reply is STX, the weight in kg,
    /// CR, or STX `?` and a status byte, CR, when there is no weight to give.
    case toledo8217 = "toledo-8217"

    /// The bytes that ask the scale for one reading.
    public var request: [UInt8] {
        switch self {
        case .mtSICS: Array("SI\r\n".utf8)
        case .toledo8217: [UInt8(ascii: "W")]
        }
    }

    /// Data bits and parity of the line: 8N1 for MT-SICS, 7E1 for the 8217.
    public var sevenBitsEvenParity: Bool { self == .toledo8217 }
}

/// Turns a serial scale's replies into readings; bytes in, readings out, no I/O, so it can be
/// fuzzed. Replies may arrive split in any way. A reply longer than ``maxReplyLength`` is
/// dropped whole, as garbage.
public struct SerialScaleParser: Sendable {
    /// The longest reply either protocol sends, with room for padding.
    public static let maxReplyLength = 64

    public let scaleProtocol: SerialScaleProtocol
    private var pending: [UInt8] = []
    private var overflowed = false
    /// For the 8217: whether an STX opened a reply.
    private var inFrame = false

    public init(scaleProtocol: SerialScaleProtocol) {
        self.scaleProtocol = scaleProtocol
        pending.reserveCapacity(Self.maxReplyLength)
    }

    /// Consumes bytes from the line; returns the readings of the replies they complete.
    public mutating func consume(_ bytes: [UInt8]) -> [ScaleReading] {
        var readings: [ScaleReading] = []
        for byte in bytes {
            switch scaleProtocol {
            case .mtSICS:
                if byte == 0x0A {
                    if let reading = finishLine() { readings.append(reading) }
                } else {
                    append(byte)
                }
            case .toledo8217:
                let byte = byte & 0x7F
                if byte == 0x02 {
                    pending.removeAll(keepingCapacity: true)
                    overflowed = false
                    inFrame = true
                } else if byte == 0x0D, inFrame {
                    inFrame = false
                    readings.append(overflowed ? .unusable(reason: "reply too long") : Self.toledoReading(pending))
                    pending.removeAll(keepingCapacity: true)
                    overflowed = false
                } else if inFrame {
                    append(byte)
                }
            }
        }
        return readings
    }

    private mutating func append(_ byte: UInt8) {
        if pending.count < Self.maxReplyLength { pending.append(byte) } else { overflowed = true }
    }

    private mutating func finishLine() -> ScaleReading? {
        defer {
            pending.removeAll(keepingCapacity: true)
            overflowed = false
        }
        if overflowed { return .unusable(reason: "reply too long") }
        var line = pending[...]
        while let last = line.last, last == 0x0D || last == 0x20 { line = line.dropLast() }
        guard !line.isEmpty else { return nil }
        return Self.mtSICSReading(line)
    }

    /// An MT-SICS reply line, without CR LF.
    static func mtSICSReading(_ line: ArraySlice<UInt8>) -> ScaleReading {
        let fields = line.split(separator: 0x20)
        guard let command = fields.first else { return .unusable(reason: "empty reply") }
        switch String(decoding: command, as: UTF8.self) {
        case "S", "SI": break
        case "ES": return .unusable(reason: "the scale did not understand the command (ES)")
        case "ET": return .unusable(reason: "transmission error (ET): check baud rate and parity")
        case "EL": return .unusable(reason: "the scale cannot do that now (EL)")
        default: return .unusable(reason: "unexpected reply \(printable(line))")
        }
        guard fields.count >= 2, fields[1].count == 1 else { return .unusable(reason: "unexpected reply \(printable(line))") }
        switch fields[1].first {
        case UInt8(ascii: "I"): return .moving
        case UInt8(ascii: "+"): return .overCapacity
        case UInt8(ascii: "-"): return .underZero
        case UInt8(ascii: "S"), UInt8(ascii: "D"): break
        default: return .unusable(reason: "unexpected reply \(printable(line))")
        }
        guard fields.count == 4, let grams = ScaleWeight.grams(decimal: Array(fields[2]), unit: Array(fields[3])) else {
            return .unusable(reason: "no weight in kg or g in \(printable(line))")
        }
        if fields[1].first == UInt8(ascii: "D") { return .moving }
        return grams < 0 ? .underZero : .stable(grams: grams)
    }

    /// A Toledo 8217 reply between STX and CR.
    static func toledoReading(_ frame: [UInt8]) -> ScaleReading {
        var body = frame[...]
        while let first = body.first, first == 0x20 { body = body.dropFirst() }
        if body.first == UInt8(ascii: "?") {
            guard body.count == 2, let status = body.last else { return .unusable(reason: "bad status reply") }
            if status & 0x01 != 0 { return .moving }
            if status & 0x02 != 0 { return .overCapacity }
            if status & 0x04 != 0 { return .underZero }
            if status & 0x40 != 0 { return .unusable(reason: "the scale did not understand the request") }
            return .unusable(reason: "status without a weight (0x\(String(status, radix: 16)))")
        }
        if body.last == UInt8(ascii: "N") { body = body.dropLast() }
        guard let grams = ScaleWeight.grams(decimal: Array(body), exponentOfUnit: 3), grams >= 0,
              body.first != UInt8(ascii: "-"), body.first != UInt8(ascii: "+")
        else { return .unusable(reason: "no weight in \(printable(frame[...]))") }
        return .stable(grams: grams)
    }

    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        "\"" + String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self) + "\""
    }
}
