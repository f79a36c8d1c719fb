import Foundation
import KioskStore
import KioskUplinkWire

/// One upload step: the next batch after what the hub acknowledged, signed and sent, and the hub's
/// answer recorded in the store. The same code serves `kiosk run`, `kiosk sim --uplink`,
/// `kiosk uplink push` and the fleet harness.
public struct UplinkClient: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The hub holds every entry.
        case upToDate
        /// The hub stored the batch: it holds everything through `through`; `backlog` entries remain.
        case stored(through: Int64, backlog: Int64)
        /// The hub holds less than the station thought (a gap): the next batch starts after `through`.
        case resendFrom(through: Int64)
        /// Nothing changed; try again after a backoff.
        case failed(String)
    }

    let store: UplinkStore
    let key: StationKey
    let transport: any UplinkTransport
    let batchLimit: Int

    public init(store: UplinkStore, key: StationKey, transport: any UplinkTransport,
                batchLimit: Int = UplinkLimits.maximumEntriesPerBatch) {
        precondition((1...UplinkLimits.maximumEntriesPerBatch).contains(batchLimit), "a batch holds 1 to the hub's limit")
        self.store = store
        self.key = key
        self.transport = transport
        self.batchLimit = batchLimit
    }

    /// Sends one batch; `nowMs` is the wall clock (it signs the request and dates the record).
    public func pushOnce(nowMs: Int64) async -> Outcome {
        let batch: UplinkBatch
        let enrolment: UplinkEnrolment
        do {
            guard let next = try store.nextBatch(limit: batchLimit) else { return .upToDate }
            guard let enrolled = try store.progress().enrolment else { return .upToDate }
            batch = next
            enrolment = enrolled
        } catch {
            return .failed("store: \(error)")
        }
        let outcome = await send(batch, to: enrolment, nowMs: nowMs)
        do {
            switch outcome {
            case .stored(let through, _):
                try store.recordAcknowledged(through, storeID: batch.storeID, atMs: nowMs)
            case .resendFrom(let through):
                try store.rewindAcknowledged(to: through, storeID: batch.storeID, atMs: nowMs)
            case .failed(let problem):
                try store.recordProblem(problem, atMs: nowMs)
            case .upToDate:
                break
            }
        } catch {
            return .failed("store: \(error)")
        }
        return outcome
    }

    private func send(_ batch: UplinkBatch, to enrolment: UplinkEnrolment, nowMs: Int64) async -> Outcome {
        guard let base = URL(string: enrolment.hubURL),
              let url = URL(string: UplinkSignature.uplinkPath, relativeTo: base)?.absoluteURL
        else { return .failed("hub URL \(enrolment.hubURL) is not a URL") }
        let body: Data
        do { body = try UplinkCoding.encode(batch) } catch { return .failed("encoding: \(error)") }
        let signature = UplinkSignature.sign(key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                             station: batch.station, timestampMs: nowMs, body: body)
        let headers = [
            UplinkSignature.stationHeader: batch.station,
            UplinkSignature.timestampHeader: String(nowMs),
            UplinkSignature.signatureHeader: signature,
        ]
        let response: UplinkResponse
        do {
            response = try await transport.post(url, headers: headers, body: body)
        } catch {
            return .failed("network: \(error.localizedDescription)")
        }
        switch response.status {
        case 200, 409:
            guard let answer = try? UplinkCoding.decode(UplinkAnswer.self, from: response.body) else {
                return .failed("hub answered \(response.status) without an acknowledgement")
            }
            if response.status == 409 { return .resendFrom(through: answer.storedThrough) }
            let last = batch.entries[batch.entries.count - 1].sequence
            return .stored(through: answer.storedThrough, backlog: max(0, batch.backlogAfter - (answer.storedThrough - last)))
        case 401:
            return .failed("hub refused the station's signature (401): enrolled, not revoked, clock right?")
        default:
            let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed("hub answered \(response.status): \(text)")
        }
    }
}
