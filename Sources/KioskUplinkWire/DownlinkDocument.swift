import CLibCrypto
import Foundation

/// The county's documents a station runs on, sent down by the hub. Each kind is versioned per county;
/// a station takes a version only whole (its bytes match their SHA-256 and the kind's own check passes)
/// and applies it between orders.
public enum DownlinkKind: String, Codable, CaseIterable, Sendable {
    /// The counter's catalog and prices, in the catalog CSV (`barcode,name,unit,price_fen,category,stock`).
    case catalog
    /// The produce desk's price list by grade and its container tares, in the board's `produce.csv` format.
    case producePrices = "produce-prices"
    /// The billers bills are paid to (缴费), in the biller list CSV (`code,name,kind,barcode`).
    case billers
    /// How long each carrier's parcels are held, in the carrier settings CSV (`carrier,hold_days`).
    case carriers
}

/// One version of one document.
public struct DownlinkDocument: Codable, Sendable, Equatable {
    /// The kind's name (``DownlinkKind``); kept as text so a station skips a kind a newer hub knows.
    public var kind: String
    /// 1, 2, 3… per county and kind.
    public var version: Int64
    /// Lowercase hex SHA-256 of `body`.
    public var sha256: String
    public var body: Data

    public init(kind: String, version: Int64, body: Data) {
        self.kind = kind
        self.version = version
        self.body = body
        sha256 = Self.sha256Hex(body)
    }

    /// Whether the bytes are the ones the hub hashed.
    public var isWhole: Bool { Self.sha256Hex(body) == sha256 }

    public static func sha256Hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let done = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(done == 1 && length == 32, "SHA-256 is available in libcrypto")
        return UplinkSignature.hex(digest)
    }
}

/// The hub's answer to `GET /v1/documents`: the newest version of each kind for the station's county.
/// The hub signs the answer (``DownlinkSignature``), so a peer on the way cannot hand a station prices.
public struct DownlinkListing: Codable, Sendable, Equatable {
    public var station: String
    public var documents: [DownlinkDocument]

    public init(station: String, documents: [DownlinkDocument]) {
        self.station = station
        self.documents = documents
    }
}

public enum DownlinkLimits {
    /// Where stations fetch the county's documents.
    public static let documentsPath = "/v1/documents"
    /// The largest document the hub takes and a station reads (a county catalog of 100,000 products is
    /// about 6 MB).
    public static let maximumDocumentBytes = 16 << 20
    /// The largest listing a station reads: every kind at its largest.
    public static let maximumListingBytes = maximumDocumentBytes * 2 * DownlinkKind.allCases.count
}

/// The hub's signature on a listing: HMAC-SHA256 under the station's key over the answer's body, bound
/// to the station's request (its path, station and timestamp), so an answer is neither forged nor
/// replayed to another request outside the replay window.
public enum DownlinkSignature {
    static let answerMethod = "ANSWER"

    public static func sign(key: StationKey, station: String, requestTimestampMs: Int64, body: Data) -> String {
        UplinkSignature.sign(key: key, method: answerMethod, path: DownlinkLimits.documentsPath, station: station,
                             timestampMs: requestTimestampMs, body: body)
    }

    public static func verify(_ signature: String, key: StationKey, station: String, requestTimestampMs: Int64, body: Data,
                              nowMs: Int64) -> Bool {
        UplinkSignature.verify(signature, key: key, method: answerMethod, path: DownlinkLimits.documentsPath, station: station,
                               timestampMs: requestTimestampMs, body: body, nowMs: nowMs)
    }
}
