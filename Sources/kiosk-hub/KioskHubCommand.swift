import ArgumentParser
import Foundation
import KioskHub
import KioskUplinkWire
import Logging

/// `kiosk-hub`: the county hub. Every station uploads its journal here; the county's dashboards read it.
@main
struct KioskHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-hub",
        abstract: "The county hub: stores every station's journal in PostgreSQL and serves the dashboard.",
        subcommands: [MigrateCommand.self, StationCommand.self, DocumentCommand.self, ServeCommand.self]
    )
}

struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "postgres://user@host:port/database (default: $KIOSK_HUB_DATABASE_URL).")
    var databaseURL: String?

    func url() throws -> String {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["KIOSK_HUB_DATABASE_URL"] else {
            throw ValidationError("give --database-url or set KIOSK_HUB_DATABASE_URL")
        }
        return url
    }
}

func hubLogger(_ level: Logger.Level = .warning) -> Logger {
    var logger = Logger(label: "kiosk-hub")
    logger.logLevel = level
    return logger
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or bring up to date the hub's tables.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let logger = hubLogger()
        let applied = try await HubDatabase.withClient(try database.url(), logger: logger) { client in
            try await HubSchema.migrate(client, logger: logger)
        }
        print(applied.isEmpty ? "schema up to date (\(HubSchema.migrations.count) migrations)"
                              : "applied \(applied.joined(separator: ", "))")
    }
}

struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station", abstract: "Enrol, list and revoke stations.",
        subcommands: [Add.self, AddRange.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a station: issues its key into --key-file (mode 0600) for `kiosk enrol`.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The station's id (A-Z a-z 0-9 _ -).") var station: String
        @Option(name: .long, help: "Its county (a-z 0-9 _): the partition its rows live in.") var county: String
        @Option(name: .long, help: "Where to write the station's key (created 0600).") var keyFile: String

        func run() async throws {
            let logger = hubLogger()
            let (station, county) = (self.station, self.county)
            let key = try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                try await HubStations(client: client, logger: logger).add(station, county: county)
            }
            try StationKeyFile.write(key, to: keyFile)
            print("station \(station) enrolled in \(county); key written to \(keyFile)")
        }
    }

    struct AddRange: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-range",
            abstract: "Enrol PREFIX-00001 … PREFIX-N at once, their keys in --key-dir/ID.key (for scripts/fleet).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The stations' id prefix.") var prefix: String
        @Option(name: .long, help: "How many stations.") var count: Int
        @Option(name: .long, help: "Their county.") var county: String
        @Option(name: .long, help: "Folder for the key files (created 0700).") var keyDir: String

        func run() async throws {
            guard count >= 1 else { throw ValidationError("--count is at least 1") }
            try FileManager.default.createDirectory(atPath: keyDir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let logger = hubLogger()
            let (prefix, count, county, keyDir) = (self.prefix, self.count, self.county, self.keyDir)
            try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                let stations = HubStations(client: client, logger: logger)
                for index in 1...count {
                    let id = "\(prefix)-\(String(format: "%05d", index))"
                    try StationKeyFile.write(try await stations.add(id, county: county), to: "\(keyDir)/\(id).key")
                }
            }
            print("enrolled \(count) stations \(prefix)-00001… in \(county); keys in \(keyDir)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The enrolled stations.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let logger = hubLogger()
            let stations = try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                try await HubStations(client: client, logger: logger).list()
            }
            for station in stations {
                let seen = station.lastSeenMs.map { "last seen \($0)" } ?? "never seen"
                print("\(station.stationID)\t\(station.county)\t\(station.revoked ? "revoked" : "active")\t\(seen)\tbacklog \(station.backlog)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse a station's uploads from now on (its data stays).")
        @OptionGroup var database: DatabaseOption
        @Argument var station: String

        func run() async throws {
            let logger = hubLogger()
            let station = self.station
            try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                try await HubStations(client: client, logger: logger).revoke(station)
            }
            print("station \(station) revoked")
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the uplink and the dashboard API until SIGTERM.")
    @OptionGroup var database: DatabaseOption
    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on (0: any free port, printed).") var port = 8470
    @Option(name: .long, help: "Serve HTTPS with this certificate chain (PEM); with --tls-key.") var tlsCertificate: String?
    @Option(name: .long, help: "The certificate's private key (PEM, readable by the hub only).") var tlsKey: String?

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
    }

    func run() async throws {
        let logger = hubLogger(.warning)
        let tls = tlsCertificate.flatMap { chain in
            tlsKey.map { HubServer.TLSFiles(certificateChainPath: chain, privateKeyPath: $0) }
        }
        try await HubServer.serve(databaseURL: try database.url(), host: host, port: port, tls: tls, logger: logger) { port in
            // Written straight to the descriptor (no buffering): scripts wait for this line.
            FileHandle.standardOutput.write(Data("kiosk-hub listening on \(port)\n".utf8))
        }
    }
}
