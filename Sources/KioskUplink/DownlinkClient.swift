import Foundation
import KioskStore
import KioskUplinkWire

/// One down-link step: asks the hub for the county's newest documents, checks each new version whole
/// (its bytes against their SHA-256, then the kind's own check of every line), and keeps it in the store
/// to be applied between orders, or records why it was refused, so the station stays on what it has.
public struct DownlinkClient: Sendable {
    /// The kind's check of a document's bytes: nil when it can be applied, else what is wrong with it.
    public typealias Check = @Sendable (DownlinkKind, Data) -> String?

    public enum Outcome: Sendable, Equatable {
        /// The hub has nothing newer than what the station holds.
        case unchanged
        /// New versions taken (`accepted`) and refused (`refused`), as `kind vN`.
        case checked(accepted: [String], refused: [String])
        /// Nothing changed; try again after a backoff.
        case failed(String)
    }

    let uplink: UplinkStore
    let documents: DownlinkStore
    let key: StationKey
    let transport: any UplinkTransport
    let check: Check

    public init(uplink: UplinkStore, documents: DownlinkStore, key: StationKey, transport: any UplinkTransport,
                check: @escaping Check) {
        self.uplink = uplink
        self.documents = documents
        self.key = key
        self.transport = transport
        self.check = check
    }

    /// Fetches and checks once; `nowMs` is the wall clock (it signs the request and dates the records).
    public func fetchOnce(nowMs: Int64) async -> Outcome {
        let enrolment: UplinkEnrolment
        let held: [String: Int64]
        do {
            guard let enrolled = try uplink.progress().enrolment else { return .unchanged }
            enrolment = enrolled
            held = try documents.heldVersions()
        } catch {
            return .failed("store: \(error)")
        }
        let listing: DownlinkListing
        switch await fetch(from: enrolment, nowMs: nowMs) {
        case .success(let fetched): listing = fetched
        case .failure(let problem): return .failed(problem.text)
        }
        var accepted: [String] = [], refused: [String] = []
        do {
            for document in listing.documents {
                guard let kind = DownlinkKind(rawValue: document.kind), document.version > (held[document.kind] ?? 0),
                      try !documents.wasRefused(kind: document.kind, version: document.version)
                else { continue }
                let name = "\(kind.rawValue) v\(document.version)"
                if let problem = Self.problem(of: document, kind: kind, check: check) {
                    try documents.refuse(kind: kind.rawValue, version: document.version, problem: problem, atMs: nowMs)
                    refused.append(name + ": " + problem)
                } else {
                    try documents.accept(kind: kind.rawValue, version: document.version, sha256: document.sha256,
                                         body: document.body, atMs: nowMs)
                    accepted.append(name)
                }
            }
        } catch {
            return .failed("store: \(error)")
        }
        return accepted.isEmpty && refused.isEmpty ? .unchanged : .checked(accepted: accepted, refused: refused)
    }

    /// What makes `document` unusable, or nil: its bytes not the ones hashed, too large, or the kind's check.
    static func problem(of document: DownlinkDocument, kind: DownlinkKind, check: Check) -> String? {
        guard document.body.count <= DownlinkLimits.maximumDocumentBytes else {
            return "\(document.body.count) bytes, more than a document may hold"
        }
        guard document.isWhole else { return "its bytes do not match their SHA-256 (damaged on the way)" }
        return check(kind, document.body)
    }

    struct FetchProblem: Error { let text: String }

    private func fetch(from enrolment: UplinkEnrolment, nowMs: Int64) async -> Result<DownlinkListing, FetchProblem> {
        guard let base = URL(string: enrolment.hubURL),
              let url = URL(string: DownlinkLimits.documentsPath, relativeTo: base)?.absoluteURL
        else { return .failure(FetchProblem(text: "hub URL \(enrolment.hubURL) is not a URL")) }
        let station = enrolment.stationID
        let headers = [
            UplinkSignature.stationHeader: station,
            UplinkSignature.timestampHeader: String(nowMs),
            UplinkSignature.signatureHeader: UplinkSignature.sign(key: key, method: "GET", path: DownlinkLimits.documentsPath,
                                                                  station: station, timestampMs: nowMs, body: Data()),
        ]
        let response: UplinkResponse
        do {
            response = try await transport.get(url, headers: headers)
        } catch {
            return .failure(FetchProblem(text: "network: \(error.localizedDescription)"))
        }
        guard response.status == 200 else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(FetchProblem(text: "hub answered \(response.status): \(text)"))
        }
        guard response.body.count <= DownlinkLimits.maximumListingBytes,
              let signature = response.headers[UplinkSignature.signatureHeader.lowercased()],
              DownlinkSignature.verify(signature, key: key, station: station, requestTimestampMs: nowMs, body: response.body,
                                       nowMs: nowMs)
        else { return .failure(FetchProblem(text: "the documents' answer is not signed with this station's key: not taken")) }
        guard let listing = try? UplinkCoding.decode(DownlinkListing.self, from: response.body), listing.station == station else {
            return .failure(FetchProblem(text: "the hub's documents answer is malformed"))
        }
        return .success(listing)
    }
}
