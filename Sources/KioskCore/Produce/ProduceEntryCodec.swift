/// The bytes of a purchase's journal entry (domain `produce`): a version byte, then each field,
/// strings as a 16-bit length and UTF-8, numbers as 64-bit little-endian. Decoding refuses anything
/// malformed, so entries can be read back for audit and uplink, and fuzzed.
public enum ProduceEntryCodec {
    public static let version: UInt8 = 1
    /// No field of an entry is longer.
    static let maximumStringBytes = 256

    public static func encode(_ purchase: ProducePurchase) -> [UInt8] {
        var bytes: [UInt8] = [version]
        for text in [purchase.farmer.name, purchase.farmer.maskedPhone, purchase.farmer.village,
                     purchase.produce, purchase.grade, purchase.gtin, purchase.lot, purchase.packedDate] {
            let utf8 = Array(text.utf8.prefix(maximumStringBytes))
            bytes += [UInt8(utf8.count & 0xFF), UInt8(utf8.count >> 8)] + utf8
        }
        for number in [purchase.priceVersion, purchase.fenPerKg, purchase.grossGrams, purchase.tareGrams,
                       purchase.netGrams, purchase.amountFen, Int64(purchase.payout.rawValue), purchase.recordedAtMs] {
            let bits = UInt64(bitPattern: number)
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        return bytes
    }

    /// The purchase in `bytes`, or nil for anything that is not a whole, consistent entry.
    public static func decode(_ bytes: [UInt8]) -> ProducePurchase? {
        var offset = 1
        guard bytes.first == version else { return nil }
        var texts: [String] = []
        for _ in 0..<8 {
            guard offset + 2 <= bytes.count else { return nil }
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            offset += 2
            guard length <= maximumStringBytes, offset + length <= bytes.count,
                  let text = String(validating: bytes[offset..<offset + length], as: UTF8.self)
            else { return nil }
            texts.append(text)
            offset += length
        }
        var numbers: [Int64] = []
        for _ in 0..<8 {
            guard offset + 8 <= bytes.count else { return nil }
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            numbers.append(Int64(bitPattern: bits))
            offset += 8
        }
        guard offset == bytes.count, let payout = UInt8(exactly: numbers[6]).flatMap(ProducePayout.init(rawValue:)),
              Money.subtract(numbers[2], numbers[3]) == numbers[4], numbers[4] > 0, numbers[5] >= 0
        else { return nil }
        return ProducePurchase(
            farmer: Farmer(name: texts[0], maskedPhone: texts[1], village: texts[2]), produce: texts[3], grade: texts[4],
            priceVersion: numbers[0], fenPerKg: numbers[1], gtin: texts[5], grossGrams: numbers[2], tareGrams: numbers[3],
            netGrams: numbers[4], amountFen: numbers[5], payout: payout, lot: texts[6], packedDate: texts[7],
            recordedAtMs: numbers[7])
    }
}

/// The bytes of an account payout's journal entry (domain `produce`, beside the purchases): a first byte
/// of 2 (a purchase's is 1), then the payout as it stands after the entry, strings as a 16-bit length and
/// UTF-8 (an absent reference, reason or flag is empty), numbers as 64-bit little-endian. Decoding
/// refuses anything malformed, so entries can be read back for audit and uplink, and fuzzed.
public enum ProducePayoutEntryCodec {
    public static let kind: UInt8 = 2

    public static func encode(_ payout: ProducePayoutState) -> [UInt8] {
        var bytes: [UInt8] = [kind]
        for text in [payout.lot, payout.key, payout.reference ?? "", payout.failureReason ?? "", payout.flag ?? ""] {
            let utf8 = Array(text.utf8.prefix(ProduceEntryCodec.maximumStringBytes))
            bytes += [UInt8(utf8.count & 0xFF), UInt8(utf8.count >> 8)] + utf8
        }
        for number in [payout.amountFen, Int64(payout.phase.rawValue), payout.sends, payout.lastContactMs, payout.settledAtMs] {
            let bits = UInt64(bitPattern: number)
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        return bytes
    }

    /// The payout in `bytes`, or nil for anything that is not a whole, consistent entry.
    public static func decode(_ bytes: [UInt8]) -> ProducePayoutState? {
        guard bytes.first == kind else { return nil }
        var offset = 1
        var texts: [String] = []
        for _ in 0..<5 {
            guard offset + 2 <= bytes.count else { return nil }
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            offset += 2
            guard length <= ProduceEntryCodec.maximumStringBytes, offset + length <= bytes.count,
                  let text = String(validating: bytes[offset..<offset + length], as: UTF8.self)
            else { return nil }
            texts.append(text)
            offset += length
        }
        var numbers: [Int64] = []
        for _ in 0..<5 {
            guard offset + 8 <= bytes.count else { return nil }
            var bits: UInt64 = 0
            for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            numbers.append(Int64(bitPattern: bits))
            offset += 8
        }
        guard offset == bytes.count, !texts[0].isEmpty, !texts[1].isEmpty, numbers[0] >= 0, numbers[2] >= 1,
              let phase = UInt8(exactly: numbers[1]).flatMap(ProducePayoutPhase.init(rawValue:))
        else { return nil }
        func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
        return ProducePayoutState(lot: texts[0], key: texts[1], amountFen: numbers[0], phase: phase,
                                  reference: optional(texts[2]), failureReason: optional(texts[3]), flag: optional(texts[4]),
                                  sends: numbers[2], lastContactMs: numbers[3], settledAtMs: numbers[4])
    }
}
