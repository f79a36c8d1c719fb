import Foundation
import KioskCore
import KioskHub
import KioskUplinkWire
import PostgresNIO
import Testing

/// The hub reads the parcels' and the day close's own entries into tables of their own, so the county's
/// dashboard shows each station's parcels on shelves and its last Z report.
@Suite struct HubServiceRowsTests {
    static let code = ParcelCode(slot: ShelfSlot(shelf: 1, layer: 2, sequence: 3))

    static func entry(_ sequence: Int64, _ domain: String, _ bytes: [UInt8]) -> UplinkEntry {
        UplinkEntry(sequence: sequence, domain: domain, kind: "k", recordedAtMs: 1_796_000_000_000 + sequence, payload: Data(bytes))
    }

    static func closing() throws -> DayEntry {
        let counted = DrawerCounted(count: try #require(DrawerCount([.yuan100: 2, .yuan1: 3])), explanation: nil, who: "李")
        var figures = DayFigures()
        figures.cashTakenFen = 500
        figures.services = [ServiceLine(service: "counter", sales: TallyLine(count: 1, fen: 500))]
        return .closed(DayClosing(z: 1, businessDate: 20_261_202, fromSequence: 0, floatFen: 20_000, cashRemovedFen: 0,
                                  counted: counted, figures: figures))
    }

    /// 2.5 kg of 特级 walnuts at ￥26.00/kg, bought at `atMs`.
    static func walnuts(atMs: Int64) throws -> ProducePurchase {
        let (prices, tares) = try ProduceTableFile.parse("version,1\nprice,核桃,特级,2600,06900000000021\n").get()
        let request = PurchaseRequest(farmer: Farmer(name: "王秀英", maskedPhone: "138****5678", village: "石门村"), produce: "核桃",
                                      grade: "特级", container: "", containers: 0, grossGrams: 2_500, payout: .cash)
        return try ProduceDesk.decide(request, prices: prices, tares: tares, packedDate: "261202", dayNumber: 1, atMs: atMs).get()
    }

    @Test func produceLotsAreKeptOnceAndCountedForToday() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let logger = PostgresTestCluster.logger
        let nowMs = HubServer.wallClockMs()
        let lot = try Self.walnuts(atMs: nowMs)
        let entries = [
            Self.entry(1, "produce", ProduceEntryCodec.encode(lot)),
            Self.entry(2, "produce", [2, 0, 1]),
        ]
        try await HubDatabase.withClient(url, logger: logger) { client in
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            let batch = UplinkBatch(station: "v-001", storeID: "S1", entries: entries, orders: [], payments: [], backlogAfter: 0)
            #expect(try await ingest.store(batch, county: "aksu").storedThrough == 2)
            #expect(try await ingest.store(batch, county: "aksu").storedThrough == 2)
            let summary = try #require(try await HubDashboard(client: client, logger: logger)
                .stations(dayStartMs: HubDashboard.beijingDayStart(of: nowMs)).first)
            #expect(summary.todaysProduceGrams == 2_500)
            #expect(summary.todaysProduceFen == 6_500)
        }
    }

    @Test func billsAreKeptWithTheirAccountMaskedTheirPhaseByTheStationsRulesAndCountedOnceTheCounterIsPaid() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let logger = PostgresTestCluster.logger
        let nowMs = HubServer.wallClockMs()
        let opening = BillOpening(biller: Biller(code: "sgcc", name: "国网电费", kind: .electricity), account: "3301234567",
                                  lookup: BillLookup(holderName: "王小明", dueFen: 12_000, rule: .exact), amountFen: 12_000,
                                  orderID: 4)
        func bill(_ sequence: Int64, _ id: Int64, _ action: BillAction) -> UplinkEntry {
            Self.entry(sequence, "bills", BillEvent(timeMs: nowMs + sequence, billID: id, action).encoded)
        }
        let first = [
            bill(1, 1, .opened(opening)),
            bill(2, 2, .opened(opening)),
            bill(3, 1, .paidAtCounter),
            bill(4, 1, .answered(.succeeded(reference: "R1"))),
            bill(5, 2, .cancelledAtCounter),
            bill(6, 3, .opened(opening)),
            bill(7, 3, .paidAtCounter),
            bill(8, 3, .answered(.pending)),
        ]
        let second = first + [bill(9, 3, .queryDue), bill(10, 1, .answered(.pending))]
        let third = second + [bill(11, 3, .answered(.failed(reason: "户号已销户")))]
        try await HubDatabase.withClient(url, logger: logger) { client in
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            let dashboard = HubDashboard(client: client, logger: logger)
            func batch(_ entries: [UplinkEntry]) -> UplinkBatch {
                UplinkBatch(station: "v-001", storeID: "S1", entries: entries, orders: [], payments: [], backlogAfter: 0)
            }
            func rows() async throws -> [String] {
                var rows: [String] = []
                for try await (account, event, phase) in try await client.query(
                    "SELECT masked_account, last_event, phase FROM bills ORDER BY bill_id", logger: logger)
                    .decode((String, String, String?).self) {
                    rows.append("\(account) \(event) \(phase ?? "-")")
                }
                return rows
            }

            #expect(try await ingest.store(batch(first), county: "aksu").storedThrough == 8)
            #expect(try await ingest.store(batch(first), county: "aksu").storedThrough == 8)
            #expect(try await rows() == ["******4567 billAnswered succeeded", "******4567 billCancelledAtCounter cancelled",
                                         "******4567 billAnswered pending"], "never the whole account")
            var summary = try #require(try await dashboard.stations(dayStartMs: HubDashboard.beijingDayStart(of: nowMs)).first)
            #expect(summary.todaysBills == 2 && summary.todaysBillsFen == 24_000, "only the bills paid at the counter")
            #expect(summary.billsAwaitingBiller == 1 && summary.billsGivenUp == 0)

            // From the stored phase: a query changes nothing, and a late 处理中 leaves a settled bill settled.
            #expect(try await ingest.store(batch(second), county: "aksu").storedThrough == 10)
            #expect(try await rows() == ["******4567 billAnswered succeeded", "******4567 billCancelledAtCounter cancelled",
                                         "******4567 billQueried pending"])

            // A bill stored before the hub kept phases: its entries are replayed for the next one.
            try await client.query("UPDATE bills SET phase = NULL WHERE bill_id = 3", logger: logger)
            #expect(try await ingest.store(batch(third), county: "aksu").storedThrough == 11)
            #expect(try await rows().last == "******4567 billAnswered refunding")
            summary = try #require(try await dashboard.stations(dayStartMs: HubDashboard.beijingDayStart(of: nowMs)).first)
            #expect(summary.billsAwaitingBiller == 0)
        }
    }

    @Test func parcelsAndZReportsAreKeptForTheDashboardOnlyForward() async throws {
        let url = try await PostgresTestCluster.freshDatabase()
        let logger = PostgresTestCluster.logger
        let closing = try Self.closing()
        guard case .closed(let closed) = closing else { return }
        let first = [
            Self.entry(1, "parcels", ParcelEntry.arrived(parcelID: 9, waybill: "SF1234567890123", carrier: .sf, phoneLast4: "1234",
                                                         code: Self.code, atMs: 1_000).encoded()),
            Self.entry(2, "parcels", ParcelEntry.arrived(parcelID: 12, waybill: "YT1234567890", carrier: .yto, phoneLast4: "",
                                                         code: Self.code, atMs: 1_100).encoded()),
            Self.entry(3, "parcels", ParcelEntry.handedOver(parcelIDs: [9], neighbour: nil, atMs: 1_200).encoded()),
            Self.entry(4, "day", closing.bytes),
            Self.entry(5, "parcels", [0xFF, 0x00, 0x01]),
        ]
        let second = first + [
            Self.entry(6, "parcels", ParcelEntry.expired(parcelID: 12, atMs: 2_000).encoded()),
            Self.entry(7, "parcels", ParcelEntry.returned(parcelID: 12, atMs: 2_100).encoded()),
        ]
        try await HubDatabase.withClient(url, logger: logger) { client in
            _ = try await HubStations(client: client, logger: logger).add("v-001", county: "aksu")
            let ingest = HubIngest(client: client, logger: logger)
            let dashboard = HubDashboard(client: client, logger: logger)
            func batch(_ entries: [UplinkEntry]) -> UplinkBatch {
                UplinkBatch(station: "v-001", storeID: "S1", entries: entries, orders: [], payments: [], backlogAfter: 0)
            }

            #expect(try await ingest.store(batch(first), county: "aksu").storedThrough == 5)
            var summary = try #require(try await dashboard.stations(dayStartMs: 0).first)
            #expect(summary.parcelsOnShelves == 1, "SF… was handed over, YT… waits")
            #expect(summary.lastZ == ZSummary(z: 1, businessDate: 20_261_202, expectedCashFen: closed.expectedCashFen,
                                              countedCashFen: 20_300, varianceFen: closed.varianceFen))

            // The same entries again, and two more: only the new ones count, in order.
            #expect(try await ingest.store(batch(second), county: "aksu").storedThrough == 7)
            #expect(try await ingest.store(batch(second), county: "aksu").storedThrough == 7)
            summary = try #require(try await dashboard.stations(dayStartMs: 0).first)
            #expect(summary.parcelsOnShelves == 0)
            var states: [String] = []
            for try await state in try await client.query("SELECT state FROM parcels ORDER BY parcel_id", logger: logger)
                .decode(String.self) { states.append(state) }
            #expect(states == ["picked_up", "returned"])
            var reports: Int64 = 0
            for try await count in try await client.query("SELECT count(*) FROM z_reports", logger: logger).decode(Int64.self) {
                reports = count
            }
            #expect(reports == 1)
        }
    }
}
