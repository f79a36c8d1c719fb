import ArgumentParser
import Foundation
import KioskShell
import KioskStore
import KioskUplink

/// `kiosk enrol`: connects this station to the county hub with the key the hub issued.
struct EnrolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Enrol this station with the county hub (the key is copied into the data directory, mode 0600).")

    @OptionGroup var storage: DataDirectoryOptions
    @Option(name: .long, help: "The hub's base URL, e.g. https://hub.example.cn:8470.") var hub: String
    @Option(name: .long, help: "This station's id, as enrolled at the hub.") var station: String
    @Option(name: .long, help: "The key file `kiosk-hub station add` wrote.") var keyFile: String

    func run() throws {
        try reportingFailures {
            let database = try storage.openDatabase()
            defer { try? database.close() }
            do {
                try UplinkSetup.enrol(database: database, hubURL: hub, stationID: station, keyFile: keyFile)
            } catch let problem as UplinkSetup.Problem {
                throw CommandFailure(problem.description)
            }
            print("enrolled as \(station) with \(hub); key kept in \(UplinkSetup.keyPath(dataDirectory: storage.dataDir))")
        }
    }
}

/// `kiosk uplink status|push`.
struct UplinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplink", abstract: "The journal's upload to the county hub.",
        subcommands: [Status.self, Push.self])

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How far the hub holds this station's journal, and the county documents the station holds.")
        @OptionGroup var storage: DataDirectoryOptions

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let progress = try UplinkStore(database: database).progress()
                for line in UplinkReport.lines(progress) { print(line) }
                if progress.enrolment != nil {
                    for line in try StandaloneHost.countyDocumentLines(database) { print("document \(line)") }
                }
            }
        }
    }

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload now until the hub holds every entry (backing off after failures) or the timeout.")
        @OptionGroup var storage: DataDirectoryOptions
        @Option(name: .long, help: "Give up after this many seconds.") var timeout: Int = 60

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let client: UplinkClient
                do {
                    guard let enrolled = try UplinkSetup.client(database: database) else {
                        throw CommandFailure(UplinkSetup.Problem.notEnrolled.description)
                    }
                    client = enrolled
                } catch let problem as UplinkSetup.Problem {
                    throw CommandFailure(problem.description)
                }
                let drained = UplinkDrain.run(client: client, timeoutSeconds: timeout)
                let progress = try UplinkStore(database: database).progress()
                for line in UplinkReport.lines(progress) { print(line) }
                guard drained else { throw CommandFailure("the hub does not hold every entry yet (backlog \(progress.backlog))") }
            }
        }
    }
}

/// Pushes until drained or `timeoutSeconds`, from synchronous code (the commands and `kiosk sim`).
enum UplinkDrain {
    static func run(client: UplinkClient, timeoutSeconds: Int) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = DrainResult()
        Task.detached {
            let clock = WallUplinkClock()
            let worker = UplinkWorker(client: client, clock: clock, random: UplinkSetup.systemSeededRandom())
            result.drained = await worker.drain(deadlineMs: clock.nowMs() + Int64(timeoutSeconds) * 1000)
            done.signal()
        }
        done.wait()
        return result.drained
    }

    private final class DrainResult: @unchecked Sendable {
        /// Written by the task before it signals, read after the wait: the semaphore orders the two.
        var drained = false
    }
}

/// The lines `kiosk uplink status` prints.
enum UplinkReport {
    static func lines(_ progress: UplinkProgress) -> [String] {
        guard let enrolment = progress.enrolment else { return ["not enrolled with a hub"] }
        let lastUpload = progress.lastUploadMs.map { Self.time($0) } ?? "never"
        var lines = [
            "hub \(enrolment.hubURL)",
            "station \(enrolment.stationID)",
            "acknowledged \(progress.acknowledgedSequence) of \(progress.lastSequence)",
            "backlog \(progress.backlog)",
            "last upload \(lastUpload)",
        ]
        if let problem = progress.lastProblem { lines.append("last problem \(problem)") }
        return lines
    }

    private static func time(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
