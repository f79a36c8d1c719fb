import Foundation
import KioskStore
import KioskUplinkWire

/// The down-link's wire: the hub's listing of county documents as a station receives it, and a
/// document's bytes as each kind's check reads them. Decoding and checking never trap; a listing reads
/// back as it was; the hub's signature covers every byte; a document is whole only with its own bytes.
enum DownlinkChecks {
    static let key = StationKey(bytes: Array(repeating: 0x3C, count: StationKey.length))!

    static func listing(_ bytes: [UInt8]) {
        let body = Data(bytes)
        for kind in DownlinkKind.allCases { _ = CountyDocumentCheck.problem(kind, body) }
        let document = DownlinkDocument(kind: DownlinkKind.catalog.rawValue, version: 1, body: body)
        require(document.isWhole, "a document is not whole with the bytes it was made of")
        if !body.isEmpty {
            var changed = document
            changed.body[changed.body.count / 2] ^= 0x01
            require(!changed.isWhole, "a document with one byte changed still passes as whole")
        }

        guard let listing = try? UplinkCoding.decode(DownlinkListing.self, from: body) else { return }
        let encoded: Data
        do { encoded = try UplinkCoding.encode(listing) } catch {
            require(false, "a decoded listing does not encode: \(error)")
            return
        }
        let again = try? UplinkCoding.decode(DownlinkListing.self, from: encoded)
        require(again == listing, "a listing does not read back as it was sent")
        for document in listing.documents {
            guard let kind = DownlinkKind(rawValue: document.kind), document.isWhole else { continue }
            _ = CountyDocumentCheck.problem(kind, document.body)
        }
        let signature = DownlinkSignature.sign(key: key, station: listing.station, requestTimestampMs: 1_000_000, body: encoded)
        require(DownlinkSignature.verify(signature, key: key, station: listing.station, requestTimestampMs: 1_000_000,
                                         body: encoded, nowMs: 1_000_000), "a signed listing does not verify")
        var changed = encoded
        changed[changed.count / 2] ^= 0x01
        require(!DownlinkSignature.verify(signature, key: key, station: listing.station, requestTimestampMs: 1_000_000,
                                          body: changed, nowMs: 1_000_000), "a listing changed after signing still verifies")
    }
}
