import Foundation
import KioskUplinkWire

/// The uplink's wire: a batch is a station's bytes reaching the hub, an answer is the hub's bytes reaching
/// the station (through whatever the 4G link and its proxies did to them). Decoding never traps; a batch
/// the hub would accept (no shape problem) encodes and decodes to itself, and the signature covers every
/// byte of it.
enum UplinkChecks {
    static let key = StationKey(bytes: Array(repeating: 0x5A, count: StationKey.length))!

    static func batch(_ bytes: [UInt8]) {
        let body = Data(bytes)
        if let answer = try? UplinkCoding.decode(UplinkAnswer.self, from: body) {
            let again = try? UplinkCoding.decode(UplinkAnswer.self, from: UplinkCoding.encode(answer))
            require(again == answer, "answer \(answer) read back as \(String(describing: again))")
        }
        guard let batch = try? UplinkCoding.decode(UplinkBatch.self, from: body) else { return }
        guard batch.shapeProblem == nil else { return }
        require(batch.entries.count <= UplinkLimits.maximumEntriesPerBatch, "a batch of \(batch.entries.count) passed the shape check")
        let encoded: Data
        do { encoded = try UplinkCoding.encode(batch) } catch {
            require(false, "a decoded batch does not encode: \(error)")
            return
        }
        let again = try? UplinkCoding.decode(UplinkBatch.self, from: encoded)
        require(again == batch, "a batch does not read back as it was sent")
        let signature = UplinkSignature.sign(key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                             station: batch.station, timestampMs: 1_000_000, body: encoded)
        require(UplinkSignature.verify(signature, key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                       station: batch.station, timestampMs: 1_000_000, body: encoded, nowMs: 1_000_000),
                "a signed batch does not verify")
        var changed = encoded
        changed[changed.count / 2] ^= 0x01
        require(!UplinkSignature.verify(signature, key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                        station: batch.station, timestampMs: 1_000_000, body: changed, nowMs: 1_000_000),
                "a batch changed after signing still verifies")
        for hostile in [Int64.min, Int64.max, 1_000_000 + UplinkLimits.replayWindowMs + 1] {
            require(!UplinkSignature.verify(signature, key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                            station: batch.station, timestampMs: hostile, body: encoded, nowMs: 1_000_000),
                    "a signature with the timestamp \(hostile) verifies")
        }
    }
}
