import Foundation
import KioskCore
import KioskSimulator
import KioskStore
import Testing
@testable import KioskEngine

/// A parcel's cash on delivery (代收货款) and storage fee (保管费) are taken through the counter's payment flow
/// — cash into the drawer, or a payment code through the sale's charge path — before the parcel is handed over.
@Suite("Parcels: cash on delivery and fees collected before the hand-over")
struct ParcelChargeTests {
    static let startMs = EngineStepTests.startMs

    @Test("unpaid, the hand-over is refused in Chinese; paid in cash, the drawer counts it and the parcel goes")
    func cashBeforeHandOver() throws {
        let data = try ScratchDirectory("parcel-cod-cash")
        defer { data.remove() }
        let workers = HeldWorkers()
        let (engine, desk, database) = try ParcelDeskTests.desk(in: data.path, workers: workers)
        let parcel = try #require(desk.arrive(waybill: "SF1234567890123", phone: "13800001234", codFen: 3_500, feeFen: 100,
                                              nowMs: Self.startMs))
        #expect(parcel.chargeFen == 3_600)

        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 1_000).isEmpty)
        #expect(engine.lastMessageCode == "PARCEL_CHARGE_UNPAID")
        #expect(engine.lastMessage == "\(parcel.slot.text) 的代收货款 ￥35.00、保管费 ￥1.00未付，不能交付：请先收款（parcels collect \(parcel.code.text)）")
        #expect(desk.beginHandOver("1234", nowMs: Self.startMs + 1_000).isEmpty, "the phone's digits find it unpaid too")

        let drawerBefore = try StationBooks(database: database).cashInDrawerFen()
        let order = try #require(desk.collect(code: parcel.code, nowMs: Self.startMs + 2_000))
        #expect(engine.machine.order(order)?.kind == .parcelCharge && engine.machine.order(order)?.totalFen == 3_600)
        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 2_500).isEmpty, "opened is not paid")
        engine.handle(.cash(fen: 4_000), nowMs: Self.startMs + 3_000)
        #expect(engine.machine.order(order)?.phase == .paid)
        #expect(engine.machine.order(order)?.changeFen == 400)
        #expect(try StationBooks(database: database).cashInDrawerFen() == drawerBefore + 3_600)
        #expect(desk.collect(code: parcel.code, nowMs: Self.startMs + 3_500) == nil, "paid once, collected once")
        #expect(engine.lastMessageCode == "PARCEL_NOTHING_TO_COLLECT")

        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 4_000).map(\.id) == [parcel.id])
        #expect(desk.confirm(waybill: parcel.waybill, nowMs: Self.startMs + 5_000))
        #expect(try ParcelStore(database: database).parcel(parcel.id)?.state == .pickedUp)
    }

    @Test("by payment code: killed mid-charge, the charge is queried at start, never sent again, then the parcel goes")
    func codeThroughTheChargePath() throws {
        let data = try ScratchDirectory("parcel-cod-code")
        defer { data.remove() }
        let parcel: ParcelRecord
        let charge: PaymentRequest
        do {
            let workers = HeldWorkers()
            let (engine, desk, _) = try ParcelDeskTests.desk(in: data.path, workers: workers)
            parcel = try #require(desk.arrive(waybill: "YT1234567890123", phone: "13800001234", codFen: 12_000,
                                              nowMs: Self.startMs))
            _ = try #require(desk.collect(code: parcel.code, nowMs: Self.startMs + 1_000))
            engine.handle(.scan(EngineStepTests.wechatCode), nowMs: Self.startMs + 2_000)
            charge = try #require(workers.charges.last)
            #expect(charge.amountFen == 12_000)
        }
        let workers = HeldWorkers()
        let (engine, desk, database) = try ParcelDeskTests.desk(in: data.path, workers: workers)
        #expect(workers.charges.isEmpty, "the charge is never sent twice")
        #expect(workers.started.contains { if case .query(let key, _) = $0 { key == charge.key } else { false } })
        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 20_000).isEmpty)
        #expect(engine.lastMessageCode == "PARCEL_CHARGE_UNPAID")

        engine.inbox.report(.action(.paymentQueried(charge.key, .paid)), atMs: Self.startMs + 21_000)
        engine.advance(toMs: Self.startMs + 21_000)
        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 22_000).map(\.id) == [parcel.id])
        #expect(desk.confirm(waybill: parcel.waybill, nowMs: Self.startMs + 23_000))
        #expect(try ParcelStore(database: database).parcel(parcel.id)?.state == .pickedUp)
        #expect(try StationBooks(database: database).payments().contains { $0.method == "wechat" && $0.state == "approved" && $0.fen == 12_000 })
    }

    @Test("today's identity by carrier prints on request: arrived = picked up + returned + on shelf")
    func dailyIdentityPrinted() throws {
        let data = try ScratchDirectory("parcel-identity")
        defer { data.remove() }
        let (_, desk, _) = try ParcelDeskTests.desk(in: data.path, workers: HeldWorkers())
        let sf = try #require(desk.arrive(waybill: "SF1234567890125", phone: nil, nowMs: Self.startMs))
        _ = try #require(desk.arrive(waybill: "YT1234567890125", phone: nil, nowMs: Self.startMs + 1_000))
        _ = try #require(desk.arrive(waybill: "YT1234567890126", phone: nil, nowMs: Self.startMs + 2_000))
        #expect(desk.beginHandOver(sf.code.text, nowMs: Self.startMs + 3_000).count == 1)
        #expect(desk.confirm(waybill: sf.waybill, nowMs: Self.startMs + 4_000))

        let printer = SimulatedPrinterPort(paperWidthDots: 384)
        #expect(printer.print(try desk.dailyIdentitySlip(nowMs: Self.startMs + 5_000), nowMs: Self.startMs + 5_000) == .confirmed)
        let printed = try #require(printer.printer.recentReceipts.last).textLines
        #expect(printed.contains { $0.contains("快递日报 ") })
        #expect(printed.contains { $0.contains("顺丰") && $0.contains("1 = 1 + 0 + 0") })
        #expect(printed.contains { $0.contains("圆通") && $0.contains("2 = 0 + 0 + 2") })
        #expect(printed.contains { $0.contains("合计") && $0.contains("3 = 1 + 0 + 2") })
        #expect(try desk.todaysIdentity(nowMs: Self.startMs + 86_400_000).isEmpty, "tomorrow nothing has arrived yet")
    }

    @Test("in arrival mode an amount keyed before the scan is the parcel's cash on delivery; a phone is still a phone")
    func cashOnDeliveryKeyedAtArrival() throws {
        let data = try ScratchDirectory("parcel-cod-keyed")
        defer { data.remove() }
        let (engine, desk, database) = try ParcelDeskTests.desk(in: data.path, workers: HeldWorkers())
        desk.mode = .arrival
        func key(_ names: String..., at ms: Int64) {
            for name in names { engine.handle(.key(name), nowMs: Self.startMs + ms) }
        }
        func scan(_ waybill: String, at ms: Int64) {
            engine.handle(.scan(ScannedCode(content: Array(waybill.utf8))), nowMs: Self.startMs + ms)
        }
        key("3", "5", "KP_Enter", at: 0)
        #expect(engine.lastMessageCode == "PARCEL_COD_TAKEN")
        key("1", "3", "8", "0", "0", "0", "0", "1", "2", "3", "4", "KP_Enter", at: 100)
        #expect(engine.lastMessageCode == "PARCEL_PHONE_TAKEN")
        scan("SF1234567890127", at: 200)
        #expect(engine.lastMessageCode == "PARCEL_ARRIVED")
        let store = ParcelStore(database: database)
        let charged = try #require(try store.held(waybill: "SF1234567890127"))
        #expect(charged.codFen == 3_500 && charged.feeFen == 0)
        scan("SF1234567890128", at: 300)
        #expect(try store.held(waybill: "SF1234567890128")?.codFen == 0, "the amount was for one parcel")
        key("9", "9", "9", "9", "9", "9", "KP_Enter", at: 400)
        #expect(engine.lastMessageCode == "PARCEL_CHARGE_INVALID")
        #expect(desk.pendingCodFen == 0)

        desk.mode = .pickup
        #expect(desk.beginHandOver(charged.code.text, nowMs: Self.startMs + 500).isEmpty)
        #expect(engine.lastMessageCode == "PARCEL_CHARGE_UNPAID")
    }

    @Test("a parcel with no charges is handed over as before; a charge out of range is refused at arrival")
    func noChargeNoCollection() throws {
        let data = try ScratchDirectory("parcel-cod-none")
        defer { data.remove() }
        let (engine, desk, _) = try ParcelDeskTests.desk(in: data.path, workers: HeldWorkers())
        #expect(desk.arrive(waybill: "SF1234567890124", phone: nil, codFen: -1, nowMs: Self.startMs) == nil)
        #expect(engine.lastMessageCode == "PARCEL_CHARGE_INVALID")
        let parcel = try #require(desk.arrive(waybill: "SF1234567890124", phone: nil, nowMs: Self.startMs))
        #expect(desk.collect(code: parcel.code, nowMs: Self.startMs + 1_000) == nil)
        #expect(engine.lastMessageCode == "PARCEL_NOTHING_TO_COLLECT")
        #expect(desk.beginHandOver(parcel.code.text, nowMs: Self.startMs + 2_000).map(\.id) == [parcel.id])
    }
}
