import Foundation
import KioskUplinkWire
import Testing

@Suite("A batch's entries on the wire: frames in one base64 string")
struct UplinkEntryFramesTests {
    static let entries = [
        UplinkEntry(sequence: 41, domain: "parcels", kind: "arrived", recordedAtMs: 1_764_650_000_041, payload: Data([0x29, 1, 2, 3])),
        UplinkEntry(sequence: 42, domain: "day", kind: "z报告", recordedAtMs: -1, payload: Data()),
    ]

    @Test("a batch reads back as it was sent, and its entries are frames a reader of the format can follow")
    func roundTrip() throws {
        let batch = UplinkBatch(station: "AKS-002", storeID: "9C", entries: Self.entries, orders: [], payments: [], backlogAfter: 17)
        let body = try UplinkCoding.encode(batch)
        #expect(try UplinkCoding.decode(UplinkBatch.self, from: body) == batch)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let text = try #require(object["entries"] as? String)
        let frames = try #require(Data(base64Encoded: text))
        // 8-byte sequence, 8-byte time, "parcels" and "arrived" each after a length byte, a 4-byte payload length.
        #expect(Array(frames.prefix(8)) == [0, 0, 0, 0, 0, 0, 0, 41])
        #expect(frames[16] == 7 && String(decoding: frames[17..<24], as: UTF8.self) == "parcels")
        #expect(Array(frames[32..<36]) == [0, 0, 0, 4] && Array(frames[36..<40]) == [0x29, 1, 2, 3])
        #expect(frames.count == 40 + 16 + 1 + 3 + 1 + "z报告".utf8.count + 4)
    }

    @Test("bytes that are not whole frames are no entries, and the batch does not decode")
    func brokenFrames() throws {
        let frames = try #require(UplinkEntryFrames.encode(Self.entries))
        #expect(UplinkEntryFrames.decode(frames) == Self.entries)
        for cut in [1, 20, frames.count - 1] {
            #expect(UplinkEntryFrames.decode(Array(frames.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(UplinkEntryFrames.decode(frames + [0]) == nil, "a byte left over")
        var notUTF8 = frames
        notUTF8[17] = 0xFF
        #expect(UplinkEntryFrames.decode(notUTF8) == nil)
        let body = Data(#"{"station":"A","storeID":"B","entries":"AAAA","orders":[],"payments":[],"backlogAfter":0}"#.utf8)
        #expect(throws: DecodingError.self) { try UplinkCoding.decode(UplinkBatch.self, from: body) }
    }

    @Test("a name too long for its length byte is not encoded")
    func longName() {
        let entry = UplinkEntry(sequence: 1, domain: String(repeating: "d", count: 256), kind: "k", recordedAtMs: 0, payload: Data())
        #expect(UplinkEntryFrames.encode([entry]) == nil)
        #expect(throws: EncodingError.self) {
            try UplinkCoding.encode(UplinkBatch(station: "A", storeID: "B", entries: [entry], orders: [], payments: [], backlogAfter: 0))
        }
    }
}
