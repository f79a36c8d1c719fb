import ArgumentParser
import Foundation
import KioskUplink
import KioskUplinkWire

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
    @Option(name: .long, help: "Write the same rows here in COPY text format, under store id COPY<round>.") var copyFile: String
    @Option(name: .long, help: "The round of scripts/bench hub: the hub's rows go under store id LOAD<round>, COPY's under COPY<round>.")
    var round: Int = 1

    func run() async throws {
        let ids = (1...stations).map { "\(prefix)-\(String(format: "%05d", $0))" }
        let keys = try ids.map { try StationKeyFile.read("\(keyDir)/\($0).key") }
        guard let url = URL(string: hub), let host = url.host, let port = url.port, url.scheme == "http" else {
            throw ValidationError("--hub is http://HOST:PORT (the bench's hub on this machine)")
        }
        let perBatch = UplinkLimits.maximumEntriesPerBatch
        // Bodies are built before the clock starts: the figure is the hub's, not this process's JSON.
        let batches: [[[UInt8]]] = try ids.map { id in
            try stride(from: 1, through: entries, by: perBatch).map { first in
                let last = min(entries, first + perBatch - 1)
                return [UInt8](try UplinkCoding.encode(UplinkBatch(
                    station: id, storeID: "LOAD\(round)", entries: (first...last).map { Self.entry(Int64($0)) },
                    orders: [], payments: [], backlogAfter: Int64(entries - last))))
            }
        }
        try writeCopyFile(ids)
        let started = DispatchTime.now().uptimeNanoseconds
        let cpuAtStart = Self.processCPUSeconds()
        try await withThrowingTaskGroup(of: [UInt].self) { group in
            for (index, id) in ids.enumerated() {
                let key = keys[index]
                let bodies = batches[index]
                group.addTask {
                    try await HubLoadConnection(host: host, port: port).postEach(bodies, path: UplinkSignature.uplinkPath) { body in
                        let nowMs = WallUplinkClock().nowMs()
                        let signature = UplinkSignature.sign(key: key, method: "POST", path: UplinkSignature.uplinkPath,
                                                             station: id, timestampMs: nowMs, body: Data(body))
                        return [(UplinkSignature.stationHeader, id), (UplinkSignature.timestampHeader, String(nowMs)),
                                (UplinkSignature.signatureHeader, signature)]
                    }
                }
            }
            for try await statuses in group {
                if let refused = statuses.first(where: { $0 != 200 }) { throw ValidationError("hub answered \(refused)") }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        print("hub_entries \(stations * entries)")
        print("hub_seconds \(String(format: "%.3f", seconds))")
        // The load shares the machine with the hub and PostgreSQL: what it took of it is part of the figure.
        print("load_cpu_seconds \(String(format: "%.3f", Self.processCPUSeconds() - cpuAtStart))")
    }

    /// This process's CPU time so far, user and system, in seconds.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func entry(_ sequence: Int64) -> UplinkEntry {
        var payload = Data(count: 48)
        for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: sequence &* 31 &+ Int64(index)) }
        return UplinkEntry(sequence: sequence, domain: "counter", kind: "productScanned",
                           recordedAtMs: 1_767_225_600_000 + sequence * 1_000, payload: payload)
    }

    /// The same rows in COPY's text format (bytea as \\x hex), under store id COPY<round> so both runs fill the
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
                text.append(contentsOf: "\(county)\t\(id)\tCOPY\(round)\t\(sequence)\t\(entry.domain)\t\(entry.kind)\t\(entry.recordedAtMs)\t\\\\x".utf8)
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
