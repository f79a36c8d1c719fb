import ArgumentParser
import Foundation
import KioskHub
import KioskUplinkWire

/// `kiosk-hub document publish|list`: the county's documents its stations fetch (the down-link).
struct DocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document", abstract: "Publish and list the county documents stations fetch.",
        subcommands: [Publish.self, List.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish FILE as the next version of a document for a county's stations.",
            discussion: "Kinds: \(DownlinkKind.allCases.map(\.rawValue).joined(separator: ", ")). Each station checks it whole and applies it between orders; one it refuses leaves the station on its previous version.")
        @OptionGroup var database: DatabaseOption
        @Option(name: .long, help: "The county whose stations get it.") var county: String
        @Option(name: .long, help: ArgumentHelp(stringLiteral: DownlinkKind.allCases.map(\.rawValue).joined(separator: ", ") + "."))
        var kind: String
        @Argument(help: "The document: a catalog CSV, a produce.csv price list, a biller list CSV or a carrier settings CSV (README: the county's documents).")
        var file: String

        func run() async throws {
            let body: Data
            do { body = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let logger = hubLogger()
            let (county, kind) = (self.county, self.kind)
            do {
                let version = try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                    try await HubDocuments(client: client, logger: logger).publish(county: county, kind: kind, body: body,
                                                                                   nowMs: HubServer.wallClockMs())
                }
                print("\(kind) v\(version) published for \(county) (\(body.count) bytes, sha256 \(DownlinkDocument.sha256Hex(body)))")
            } catch let problem as HubDocuments.Problem {
                throw ValidationError(problem.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every published version, newest first.")
        @OptionGroup var database: DatabaseOption
        @Option(name: .long, help: "Only this county's.") var county: String?

        func run() async throws {
            let logger = hubLogger()
            let county = self.county
            let versions = try await HubDatabase.withClient(try database.url(), logger: logger) { client in
                try await HubDocuments(client: client, logger: logger).list(county: county)
            }
            for version in versions {
                print("\(version.county)\t\(version.kind)\tv\(version.version)\t\(version.bytes) bytes\tsha256 \(version.sha256)\tpublished \(version.publishedAtMs)")
            }
        }
    }
}
