import Foundation
import KioskHub
import KioskStore
import KioskUplink
import KioskUplinkWire
import Testing

/// The down-link over loopback HTTP: the county publishes versions at the hub, a station fetches the
/// newest for its county with the real client, checks each whole, and refuses what is broken or forged.
@Suite struct HubDocumentsTests {
    static let header = "barcode,name,unit,price_fen,category,stock\n"
    static let catalogV1 = Data((header + "6916018159088,雕牌洗衣粉1.5kg,袋,1860,日化,9\n").utf8)
    static let catalogV2 = Data((header + "6916018159088,雕牌洗衣粉1.5kg,袋,1990,日化,9\n6931318609132,中盐加碘精制盐400g,袋,350,粮油,160\n").utf8)
    static let brokenCatalog = Data((header + "6916018159088,雕牌洗衣粉1.5kg,袋,19.90,日化,9\n").utf8)

    /// A transport that changes one byte of every answer, as a peer on the way might.
    struct TamperingTransport: UplinkTransport {
        let inner = URLSessionUplinkTransport()
        func post(_ url: URL, headers: [String: String], body: Data) async throws -> UplinkResponse {
            try await inner.post(url, headers: headers, body: body)
        }
        func get(_ url: URL, headers: [String: String]) async throws -> UplinkResponse {
            var response = try await inner.get(url, headers: headers)
            if let index = response.body.firstIndex(of: UInt8(ascii: "7")) { response.body[index] = UInt8(ascii: "8") }
            return response
        }
    }

    @Test func aStationTakesItsCountysNewestDocumentsWholeAndRefusesBrokenOnes() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-documents-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/issued.key"
        let logger = PostgresTestCluster.logger
        let nowMs = HubServer.wallClockMs()
        try await HubDatabase.withClient(url, logger: logger) { client in
            try StationKeyFile.write(try await HubStations(client: client, logger: logger).add("v-001", county: "aksu"), to: keyFile)
            let documents = HubDocuments(client: client, logger: logger)
            #expect(try await documents.publish(county: "aksu", kind: "catalog", body: Self.catalogV1, nowMs: nowMs) == 1)
            #expect(try await documents.publish(county: "aksu", kind: "catalog", body: Self.catalogV2, nowMs: nowMs) == 2)
            #expect(try await documents.publish(county: "hotan", kind: "catalog", body: Self.catalogV1, nowMs: nowMs) == 1)
            await #expect(throws: HubDocuments.Problem.unknownKind("weather")) {
                try await documents.publish(county: "aksu", kind: "weather", body: Self.catalogV1, nowMs: nowMs)
            }
            await #expect(throws: HubDocuments.Problem.notText) {
                try await documents.publish(county: "aksu", kind: "catalog", body: Data([0xFF, 0xFE]), nowMs: nowMs)
            }
            #expect(try await documents.list(county: "aksu").map(\.version) == [2, 1])
            #expect(try await documents.list(county: nil).map(\.county) == ["aksu", "aksu", "hotan"])
        }
        try await HubHTTPTests.withHub(url) { hub in
            let database = try HubHTTPTests.station(in: directory + "/station", hub: hub, id: "v-001", keyFile: keyFile,
                                                    entries: 1, nowMs: nowMs)
            defer { try? database.close() }
            let store = DownlinkStore(database: database)

            // A forged answer is no answer: nothing is taken.
            let forged = try #require(try UplinkSetup.downlinkClient(database: database, transport: TamperingTransport(),
                                                                     check: CountyDocumentCheck.problem))
            guard case .failed(let problem) = await forged.fetchOnce(nowMs: HubServer.wallClockMs()) else {
                Issue.record("a changed answer was taken"); return
            }
            #expect(problem.contains("not signed"))
            #expect(try store.heldVersions().isEmpty)

            let client = try #require(try UplinkSetup.downlinkClient(database: database, check: CountyDocumentCheck.problem))
            #expect(await client.fetchOnce(nowMs: HubServer.wallClockMs()) == .checked(accepted: ["catalog v2"], refused: []),
                    "the newest of its own county's, not another county's")
            #expect(try store.waiting().map(\.body) == [Self.catalogV2])
            #expect(await client.fetchOnce(nowMs: HubServer.wallClockMs()) == .unchanged)

            try await HubDatabase.withClient(url, logger: logger) { hubClient in
                _ = try await HubDocuments(client: hubClient, logger: logger)
                    .publish(county: "aksu", kind: "catalog", body: Self.brokenCatalog, nowMs: nowMs)
            }
            guard case .checked(let accepted, let refused) = await client.fetchOnce(nowMs: HubServer.wallClockMs()) else {
                Issue.record("the broken version was not checked"); return
            }
            #expect(accepted.isEmpty)
            #expect(refused.count == 1 && refused[0].hasPrefix("catalog v3: 1 bad line(s); line 2: "), "\(refused)")
            #expect(try store.heldVersions() == ["catalog": 2], "the station keeps the version it had")
            #expect(try store.lastRefusals().map(\.version) == [3])
            #expect(await client.fetchOnce(nowMs: HubServer.wallClockMs()) == .unchanged, "a refused version is not checked again")
        }
    }

    static let billers = Data("code,name,kind,barcode\nsgcc,国网电费,electricity,{account:10}{amount:8}\ncucc,联通话费,phone,\n".utf8)
    static let carriers = Data("carrier,hold_days\ndefault,5\nsf,10\n".utf8)

    @Test func aCountysBillerListAndCarrierSettingsReachItsStationsChecked() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-hub-billers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/issued.key"
        let logger = PostgresTestCluster.logger
        let nowMs = HubServer.wallClockMs()
        try await HubDatabase.withClient(url, logger: logger) { client in
            try StationKeyFile.write(try await HubStations(client: client, logger: logger).add("v-002", county: "aksu"), to: keyFile)
            let documents = HubDocuments(client: client, logger: logger)
            #expect(try await documents.publish(county: "aksu", kind: "billers", body: Self.billers, nowMs: nowMs) == 1)
            #expect(try await documents.publish(county: "aksu", kind: "carriers", body: Self.carriers, nowMs: nowMs) == 1)
            #expect(try await documents.list(county: "aksu").map(\.kind) == ["billers", "carriers"])
        }
        try await HubHTTPTests.withHub(url) { hub in
            let database = try HubHTTPTests.station(in: directory + "/station", hub: hub, id: "v-002", keyFile: keyFile,
                                                    entries: 1, nowMs: nowMs)
            defer { try? database.close() }
            let store = DownlinkStore(database: database)
            let client = try #require(try UplinkSetup.downlinkClient(database: database, check: CountyDocumentCheck.problem))
            #expect(await client.fetchOnce(nowMs: HubServer.wallClockMs())
                    == .checked(accepted: ["billers v1", "carriers v1"], refused: []))
            #expect(try store.waiting().map(\.body) == [Self.billers, Self.carriers])

            // A list naming a biller twice is refused whole; the station keeps v1.
            try await HubDatabase.withClient(url, logger: logger) { hubClient in
                _ = try await HubDocuments(client: hubClient, logger: logger)
                    .publish(county: "aksu", kind: "billers", body: Self.billers + Data("cucc,联通,phone,\n".utf8), nowMs: nowMs)
            }
            #expect(await client.fetchOnce(nowMs: HubServer.wallClockMs())
                    == .checked(accepted: [], refused: ["billers v2: billers line 4: a biller's code is 1 to 32 characters and unique (found 'cucc')"]))
            #expect(try store.heldVersions() == ["billers": 1, "carriers": 1])
        }
    }
}
