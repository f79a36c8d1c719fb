import KioskCore
import Testing

@Suite("Parcels: carriers, slots, pickup codes, holds, entries")
struct ParcelTests {
    @Test("each carrier's waybill numbers are recognised; other numbers ask the operator")
    func carrierRecognition() {
        let samples: [(String, Carrier?)] = [
            ("SF1234567890123", .sf), ("SF123456789012", .sf), ("YT1234567890123", .yto), ("JDVA12345678901", .jd),
            ("LP00123456789012", .cainiao), ("CN0123456789012", .cainiao), ("EA123456789CN", .ems),
            ("1123456789012", .ems), ("9812345678901", .ems), ("7712345678901", .sto), ("4312345678901", .yunda),
            ("461234567890123", .yunda), ("731234567890", .zto), ("75123456789012", .zto),
            ("771234567890", nil), ("SF12345", nil), ("ABC", nil), ("5123456789012", nil), ("6912345678904", nil),
        ]
        for (waybill, carrier) in samples {
            #expect(Carrier.recognise(waybill: waybill) == carrier, "\(waybill)")
        }
        #expect(Carrier.allCases.map(\.keypadDigit) == Array(1...8))
    }

    @Test("a code is the slot's digits and a check digit; it reads back to its slot")
    func codeRoundTrip() throws {
        let code = ParcelCode(slot: ShelfSlot(shelf: 2, layer: 5, sequence: 418))
        #expect(code.slot.text == "2-5-0418")
        #expect(code.text.hasPrefix("250418") && code.text.count == 7)
        #expect(ParcelCode(text: code.text) == code)
        #expect(ParcelQuery(code.text) == .code(code))
        #expect(ParcelQuery("1234") == .phoneLast4("1234"))
    }

    /// Every single-digit typo and every swap of neighbouring digits of every code on full shelves.
    static func variants(of text: String) -> [String] {
        let digits = Array(text)
        var result: [String] = []
        for index in digits.indices {
            for replacement in "0123456789" where replacement != digits[index] {
                var typo = digits
                typo[index] = replacement
                result.append(String(typo))
            }
            if index + 1 < digits.count, digits[index] != digits[index + 1] {
                var swapped = digits
                swapped.swapAt(index, index + 1)
                result.append(String(swapped))
            }
        }
        return result
    }

    @Test("on full shelves no typo or neighbour swap of a code is another parcel's code, across days of turnover")
    func typosNeverMatchAnotherParcel() {
        let shelves = ParcelShelves(shelves: 9, layers: 9, parcelsPerLayer: 40)
        var random = SplitMix64(seed: 13)
        var onShelf: [ShelfSlot] = []
        var lastSequence = 9_000
        var checkedFullShelves = 0
        for round in 0..<2 {
            while let slot = shelves.assign(occupied: onShelf, lastSequence: lastSequence) {
                onShelf.append(slot)
                lastSequence = slot.sequence
            }
            #expect(onShelf.count == shelves.capacity, "round \(round): the shelves fill up")
            let codes = Set(onShelf.map { ParcelCode(slot: $0).text })
            #expect(codes.count == onShelf.count, "round \(round): no two parcels share a code")
            var variantsChecked = 0
            var matches: [String] = []
            for code in codes {
                for variant in Self.variants(of: code) {
                    variantsChecked += 1
                    if codes.contains(variant) || ParcelCode(text: variant) != nil { matches.append("\(code)→\(variant)") }
                }
            }
            #expect(variantsChecked >= codes.count * 63, "round \(round): every code's typos are tried")
            #expect(matches.isEmpty, "round \(round): mistakes that pass: \(matches.prefix(5))")
            checkedFullShelves += 1
            // Villagers collect a random half; the courier's next drops refill the gaps.
            onShelf.removeAll { _ in random.next() % 2 == 0 }
        }
        #expect(checkedFullShelves == 2)
    }

    @Test("slots fill layer by layer; a sequence held by a parcel is skipped, never given twice")
    func slotAssignment() throws {
        let shelves = ParcelShelves(shelves: 1, layers: 2, parcelsPerLayer: 2)
        let first = try #require(shelves.assign(occupied: [], lastSequence: 9_999))
        #expect(first == ShelfSlot(shelf: 1, layer: 1, sequence: 0))
        let held = [first, ShelfSlot(shelf: 1, layer: 1, sequence: 1)]
        let third = try #require(shelves.assign(occupied: held, lastSequence: 0))
        #expect(third == ShelfSlot(shelf: 1, layer: 2, sequence: 2))
        let full = held + [third, ShelfSlot(shelf: 1, layer: 2, sequence: 3)]
        #expect(shelves.assign(occupied: full, lastSequence: 3) == nil)
    }

    @Test("a parcel is reminded the day before its hold ends, and expires when it ends")
    func holdPolicy() {
        let policy = ParcelHoldPolicy(defaultDays: 3, daysByCarrier: [.sf: 7])
        let day = ParcelHoldPolicy.dayMs
        func due(_ carrier: Carrier, reminded: Bool, nowMs: Int64) -> ParcelDue {
            ParcelHoldPolicy.due(arrivedMs: 0, expiresMs: policy.expiresAtMs(carrier, arrivedMs: 0), reminded: reminded, nowMs: nowMs)
        }
        #expect(due(.zto, reminded: false, nowMs: 2 * day - 1) == .nothing)
        #expect(due(.zto, reminded: false, nowMs: 2 * day) == .remind)
        #expect(due(.zto, reminded: true, nowMs: 2 * day) == .nothing)
        #expect(due(.zto, reminded: true, nowMs: 3 * day) == .expire)
        #expect(due(.sf, reminded: false, nowMs: 3 * day) == .nothing)
        #expect(due(.sf, reminded: false, nowMs: 6 * day) == .remind)
        #expect(ParcelHoldPolicy.due(arrivedMs: 0, expiresMs: day, reminded: false, nowMs: day - 1) == .nothing,
                "a one-day hold has no reminder")
    }

    @Test("a hand-over confirms the parcels found, refuses another parcel, counts a repeat once")
    func handOver() {
        let a = ParcelHandOver.Candidate(parcelID: 1, waybill: "SF1234567890123", slot: ShelfSlot(shelf: 1, layer: 1, sequence: 1))
        let b = ParcelHandOver.Candidate(parcelID: 2, waybill: "YT1234567890123", slot: ShelfSlot(shelf: 1, layer: 1, sequence: 2))
        var handOver = ParcelHandOver(candidates: [a, b], neighbour: nil)
        #expect(handOver.confirm(waybill: "7712345678901") == .notThisHandOver)
        #expect(handOver.confirm(waybill: a.waybill) == .confirmed(a))
        #expect(handOver.confirm(waybill: a.waybill) == .alreadyConfirmed)
        #expect(!handOver.isComplete)
        #expect(handOver.confirm(waybill: b.waybill) == .confirmed(b))
        #expect(handOver.isComplete && handOver.confirmed == [1, 2])
    }

    @Test("entries round-trip through their bytes; cut or padded bytes are no entry")
    func entryCodec() {
        let code = ParcelCode(slot: ShelfSlot(shelf: 3, layer: 1, sequence: 77))
        let entries: [ParcelEntry] = [
            .arrived(parcelID: 9, waybill: "SF1234567890123", carrier: .sf, phoneLast4: "1234", code: code, atMs: 1_000),
            .arrived(parcelID: 12, waybill: "YT1234567890", carrier: .yto, phoneLast4: "", code: code, atMs: 1_200,
                     codFen: 3_500, feeFen: 100),
            .arrived(parcelID: 13, waybill: "YT1234567891", carrier: .yto, phoneLast4: "", code: code, atMs: 1_300, feeFen: 50),
            .handedOver(parcelIDs: [9, 10], neighbour: "王秀英", atMs: 2_000),
            .handedOver(parcelIDs: [11], neighbour: nil, atMs: 2_500),
            .reminded(parcelID: 9, atMs: 3_000), .expired(parcelID: 9, atMs: 4_000), .returned(parcelID: 9, atMs: 5_000),
        ]
        for entry in entries {
            let bytes = entry.encoded()
            #expect(ParcelEntry(decoding: bytes) == entry)
            #expect(ParcelEntry(decoding: Array(bytes.dropLast())) == nil)
            #expect(ParcelEntry(decoding: bytes + [0]) == nil)
        }
        // An arrival with charges of nothing has one encoding, kind 1: kind 6 with two zeros is no entry.
        var uncharged = ParcelEntry.arrived(parcelID: 9, waybill: "SF1234567890123", carrier: .sf, phoneLast4: "1234",
                                            code: code, atMs: 1_000).encoded()
        #expect(uncharged[1] == 1)
        uncharged[1] = 6
        #expect(ParcelEntry(decoding: uncharged + Array(repeating: 0, count: 16)) == nil)
        #expect(ParcelPhone.masked("13800001234") == "138****1234")
        #expect(ParcelPhone.isMobile("13800001234") && !ParcelPhone.isMobile("2380000123"))
    }
}
