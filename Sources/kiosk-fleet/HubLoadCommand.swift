import ArgumentParser
import Foundation
import KioskUplink
import KioskUplinkWire
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `kiosk-fleet load`: scripts/bench hub's load. Signed batches of journal entries from `--stations`
/// stations at once, through the hub's HTTP API, timed from the first request to the last answer; and
/// the same rows written out for PostgreSQL's COPY, which the script times into the same tables.
struct HubLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Entries stored per second through the hub (scripts/bench hub).")

    @Option(name: .long) var hub: String
    @Option(name: .long, help: "Folder of the key files from `kiosk-hub station add-range`.") var keyDir: String
    @Option(name: .long) var prefix: String = "bench"
    @Option(name: .long, help: "Stations uploading at once.") var stations: Int = 8
    @Option(name: .long, help: "Entries per station.") var entries: Int = 20_000
    @Option(name: .long, help: "The county the stations are in (for the COPY file's rows).") var county: String
    @Option(name: .long, help: "Write the same rows here in COPY text format, under store id COPY.") var copyFile: String

    func run() async throws {
        let transport = URLSessionUplinkTransport(timeoutSeconds: 60, maximumConnectionsPerHost: stations)
        let ids = (1...stations).map { "\(prefix)-\(String(format: "%05d", $0))" }
        let keys = try ids.map { try StationKeyFile.read("\(keyDir)/\($0).key") }
        let url = URL(string: UplinkSignature.uplinkPath, relativeTo: URL(string: hub)!)!.absoluteURL
        let perBatch = UplinkLimits.maximumEntriesPerBatch
        // Bodies are built before the clock starts: the figure is the hub's, not this process's JSON.
        let batches: [[Data]] = try ids.map { id in
            try stride(from: 1, through: entries, by: perBatch).map { first in
                let last = min(entries, first + perBatch - 1)
                return try UplinkCoding.encode(UplinkBatch(
                    station: id, storeID: "LOAD", entries: (first...last).map { Self.entry(Int64($0)) },
                    orders: [], payments: [], backlogAfter: Int64(entries - last)))
            }
        }
        try writeCopyFile(ids)
        let started = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, id) in ids.enumerated() {
                let key = keys[index]
                let bodies = batches[index]
                group.addTask {
                    for body in bodies {
                        let nowMs = WallUplinkClock().nowMs()
                        let signature = UplinkSignature.sign(key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                                             station: id, timestampMs: nowMs, body: body)
                        let response = try await transport.post(url, headers: [
                            UplinkSignature.stationHeader: id, UplinkSignature.timestampHeader: String(nowMs),
                            UplinkSignature.signatureHeader: signature,
                        ], body: body)
                        guard response.status == 200 else { throw ValidationError("hub answered \(response.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print("hub_entries \(stations * entries)")
        print("hub_seconds \(String(format: "%.3f", seconds))")
    }

    static func entry(_ sequence: Int64) -> UplinkEntry {
        var payload = Data(count: 48)
        for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: sequence &* 31 &+ Int64(index)) }
        return UplinkEntry(sequence: sequence, domain: "counter", kind: "productScanned",
                           recordedAtMs: 1_767_225_600_000 + sequence * 1_000, payload: payload)
    }

    /// The same rows in COPY's text format (bytea as \\x hex), under store id COPY so both runs fill the
    /// same tables side by side.
    private func writeCopyFile(_ ids: [String]) throws {
        guard FileManager.default.createFile(atPath: copyFile, contents: nil) else {
            throw ValidationError("cannot write \(copyFile)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copyFile))
        defer { try? handle.close() }
        let digits = Array("0123456789abcdef".utf8)
        for id in ids {
            var text = Data()
            for sequence in 1...entries {
                let entry = Self.entry(Int64(sequence))
                text.append(contentsOf: "\(county)\t\(id)\tCOPY\t\(sequence)\t\(entry.domain)\t\(entry.kind)\t\(entry.recordedAtMs)\t\\\\x".utf8)
                for byte in entry.payload {
                    text.append(digits[Int(byte >> 4)])
                    text.append(digits[Int(byte & 0x0F)])
                }
                text.append(0x0A)
            }
            try handle.write(contentsOf: text)
        }
    }
}
