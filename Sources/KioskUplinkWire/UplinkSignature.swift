import CLibCrypto
import Foundation

/// HMAC-SHA256 request signing with the station's key.
///
/// The signed text is the method, the path, the station, the timestamp (Unix ms) and the body, so a
/// signature covers one request only; the hub refuses timestamps outside ``UplinkLimits/replayWindowMs``
/// of its clock. A replay inside the window can only resend a batch, which the hub stores once.
public enum UplinkSignature {
    /// Where the hub takes batches.
    public static let uplinkPath = "/v1/uplink"
    public static let stationHeader = "X-Kiosk-Station"
    public static let timestampHeader = "X-Kiosk-Timestamp"
    public static let signatureHeader = "X-Kiosk-Signature"

    /// The lowercase hex HMAC-SHA256 of the request under `key`.
    public static func sign(key: StationKey, method: String, path: String, station: String, timestampMs: Int64,
                            body: Data) -> String {
        hex(mac(key: key, method: method, path: path, station: station, timestampMs: timestampMs, body: body))
    }

    /// Whether `signature` (hex) is the request's, compared in constant time, and `timestampMs` lies
    /// within the replay window of `nowMs`.
    public static func verify(_ signature: String, key: StationKey, method: String, path: String, station: String,
                              timestampMs: Int64, body: Data, nowMs: Int64) -> Bool {
        // Compared without subtracting the two: a hostile timestamp must not overflow.
        guard timestampMs >= nowMs - UplinkLimits.replayWindowMs, timestampMs <= nowMs + UplinkLimits.replayWindowMs else {
            return false
        }
        guard let given = bytes(hex: signature), given.count == 32 else { return false }
        let expected = mac(key: key, method: method, path: path, station: station, timestampMs: timestampMs, body: body)
        return given.withUnsafeBytes { a in
            expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, 32) == 0 }
        }
    }

    static func mac(key: StationKey, method: String, path: String, station: String, timestampMs: Int64,
                    body: Data) -> [UInt8] {
        var message = Data("\(method)\n\(path)\n\(station)\n\(timestampMs)\n".utf8)
        message.append(body)
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let done = key.bytes.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.bindMemory(to: UInt8.self).baseAddress, m.count,
                     &out, &length)
            }
        }
        precondition(done != nil && length == 32, "HMAC-SHA256 is available in libcrypto")
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
