import Foundation
import KioskCore
import KioskDevices
import KioskSimulation
import Testing
@testable import KioskEngine
@testable import KioskSimulator
@testable import KioskStore

@Suite("The day's close at a station: the float, the count, the Z")
struct DayCloseEngineTests {
    static let milk = Array("6916018159088".utf8)

    /// A day: a 200-yuan float, two sales paid in cash, 50 yuan taken to the bank.
    static func sellADay(_ session: SimulationSession) throws -> (cashTakenFen: Int64, changeFen: Int64) {
        try session.dayClose.open(floatFen: 20_000, who: "李", nowMs: session.clockMs)
        var taken: Int64 = 0
        var change: Int64 = 0
        for _ in 0 ..< 2 {
            session.scan(Self.milk)
            let order = try #require(session.engine.machine.currentOrderID)
            session.engine.handle(.cash(fen: 10_000), nowMs: session.clockMs)
            let paid = try #require(session.engine.machine.order(order))
            taken += paid.cashTenderedFen
            change += paid.changeFen
        }
        try session.dayClose.removeCash(fen: 5_000, who: "李", why: "存银行", nowMs: session.clockMs)
        return (taken, change)
    }

    static func zCount(_ session: SimulationSession) throws -> Int {
        try session.dayClose.zReports().count
    }

    @Test("a Z closes the day from the journal: expected cash, the variance, one Z per day, printed and stored")
    func closeADay() throws {
        let data = try ScratchDirectory("day-close")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        let sold = try Self.sellADay(session)
        let expected = 20_000 + sold.cashTakenFen - sold.changeFen - 5_000
        let printedBefore = session.printer.printer.printedCount
        #expect(throws: DayCloseError.refused(.notCounted)) { try session.dayClose.close(nowMs: session.clockMs) }

        let x = try session.dayClose.xReport(nowMs: session.clockMs)
        #expect(x.expectedCashFen == expected)
        #expect(try Self.zCount(session) == 0, "an X writes nothing")

        // The drawer is 2 yuan short: counted, explained, and closed all the same.
        let short = expected - 200
        let pieces = try #require(DrawerCount([.yuan100: Int32(short / 10_000), .jiao1: Int32(short % 10_000 / 10)]))
        try session.dayClose.count(pieces, explanation: "找错零钱", who: "李", nowMs: session.clockMs)
        let z = try session.dayClose.close(nowMs: session.clockMs)
        #expect(z.z == 1)
        #expect(z.expectedCashFen == expected)
        #expect(z.varianceFen == -200)
        #expect(z.figures[.cash].fen == sold.cashTakenFen - sold.changeFen)
        #expect(z.figures.services.first?.sales.count == 2)
        #expect(session.printer.printer.printedCount == printedBefore + 1, "the Z is printed")

        let stored = try #require(try session.dayClose.zReports().first)
        #expect(stored.closing == z)
        #expect(throws: DayCloseError.refused(.alreadyClosed(businessDate: z.businessDate))) {
            try session.dayClose.close(nowMs: session.clockMs)
        }
        try session.dayClose.reprint(z: 1, nowMs: session.clockMs)
        #expect(session.printer.printer.printedCount == printedBefore + 2)
        session.advance(toMs: session.clockMs + 1_000)
        let reprints = try session.journal.unconfirmedPrintJobs()
        #expect(reprints.isEmpty, "the copy printed")
        #expect(try Self.zCount(session) == 1, "a copy is no second Z")
        #expect(try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)

        // The next day opens with the counted cash carried over.
        session.advance(toMs: session.clockMs + 86_400_000)
        let tomorrow = try session.dayClose.open(floatFen: nil, who: "李", nowMs: session.clockMs)
        #expect(tomorrow.floatFen == short && tomorrow.carried)
        try session.close()
    }

    @Test("a Z is never changed: the store refuses an update or a delete, and a Z out of sequence")
    func zIsImmutable() throws {
        let data = try ScratchDirectory("day-close-immutable")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        _ = try Self.sellADay(session)
        try session.dayClose.count(DrawerCount(), explanation: nil, who: "李", nowMs: session.clockMs)
        try session.dayClose.close(nowMs: session.clockMs)
        for sql in ["UPDATE z_reports SET counted_cash_fen = 0", "DELETE FROM z_reports",
                    "INSERT INTO z_reports SELECT z + 5, seq, from_seq, business_date + 1, float_fen, expected_cash_fen, counted_cash_fen, variance_fen, entry, document, closed_at_ms FROM z_reports"] {
            #expect(throws: (any Error).self, "\(sql)") { try session.database.pool.write { try $0.execute(sql: sql) } }
        }
        #expect(try Self.zCount(session) == 1)
        try session.close()
    }

    @Test("a power cut right after the close keeps exactly one Z; one before it leaves none, and closing again makes one")
    func powerCutAroundTheClose() throws {
        let data = try ScratchDirectory("day-close-power-cut")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path, disk: .powerCut)
        _ = try Self.sellADay(session)
        try session.dayClose.count(DrawerCount(), explanation: nil, who: "李", nowMs: session.clockMs)
        try session.powerCut()
        #expect(try Self.zCount(session) == 0)
        if try session.dayClose.daySoFar().counted == nil {
            // The count was not synced (nothing left the station with it): the operator counts again.
            try session.dayClose.count(DrawerCount(), explanation: nil, who: "李", nowMs: session.clockMs)
        }
        let z = try session.dayClose.close(nowMs: session.clockMs)
        try session.powerCut()
        let kept = try session.dayClose.zReports()
        #expect(kept.map(\.closing) == [z], "the Z and its entry were synced with its printout")
        #expect(throws: DayCloseError.refused(.alreadyClosed(businessDate: z.businessDate))) {
            try session.dayClose.close(nowMs: session.clockMs)
        }
        #expect(try session.dayClose.daySoFar().cashRemovedFen == 0, "the next day starts with nothing removed")
        #expect(try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        try session.close()
    }
}

@Suite("Matching the providers' statements against the station's payments (T+1)")
struct StatementMatchTests {
    static let wechat = Array("134567890123456789".utf8)
    static let alipay = Array("281234567890123456".utf8)

    @Test("the simulated gateway's WeChat and Alipay statements match the day's code payments; a tampered one does not")
    func simulatedStatementsMatch() throws {
        let data = try ScratchDirectory("day-close-statements")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        for code in [Self.wechat, Self.alipay] {
            session.scan(DayCloseEngineTests.milk)
            session.scan(code)
            session.advance(toMs: session.clockMs + 5_000)
        }
        let date = DayCloseService.businessDate(atMs: session.clockMs)
        for provider in ProviderStatement.Provider.allCases {
            let bytes = session.gateway.statementFile(provider: provider, businessDate: date)
            let text = try #require(DayCloseService.statementText(bytes, provider: provider))
            let lines = try ProviderStatement.parse(text, provider: provider)
            #expect(lines.count == 1, "\(provider)")
            let imported = try session.dayClose.matchStatement(lines, provider: provider, businessDate: date, nowMs: session.clockMs)
            #expect(imported.match.matched.count == 1 && imported.match.mismatchCount == 0, "\(provider): \(imported)")
            #expect(imported.journaled == 0 && imported.queried == 0)

            let tampered = [ProviderStatement.Line(merchantOrderNo: lines[0].merchantOrderNo, amountFen: lines[0].amountFen + 1,
                                                   isRefund: false),
                            ProviderStatement.Line(merchantOrderNo: "ELSEWHERE_1_1", amountFen: 100, isRefund: false)]
            let mismatched = try session.dayClose.matchStatement(tampered, provider: provider, businessDate: date,
                                                                 nowMs: session.clockMs)
            #expect(mismatched.match.amountDiffers.count == 1 && mismatched.match.missingHere.count == 1)
            #expect(mismatched.journaled == 2 && mismatched.queried == 2, "every mismatch is journaled and queried")
            // The simulated gateway answers on the loop: it took the station's payment, and nothing under the other number.
            let stored = try session.dayClose.statementMismatches(businessDate: date).filter { $0.mismatch.provider == provider }
            #expect(stored.map(\.mismatch.merchantOrderNo) == ["ELSEWHERE_1_1", lines[0].merchantOrderNo])
            #expect(stored.map(\.mismatch.kind) == [.missingHere, .amountDiffers])
            #expect(stored.map(\.answer) == [.notPaid, .paid])
            let again = try session.dayClose.matchStatement(tampered, provider: provider, businessDate: date, nowMs: session.clockMs)
            #expect(again.journaled == 0 && again.queried == 0, "a mismatch with a final answer is neither journaled nor asked again")
            let nextDay = try session.dayClose.matchStatement([], provider: provider, businessDate: date + 1, nowMs: session.clockMs)
            #expect(nextDay.match.mismatchCount == 0, "another day's statement holds none of today's payments")
        }
        #expect(try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        // The Alipay file is GBK: its Chinese header does not read as UTF-8.
        #expect(String(validating: session.gateway.statementFile(provider: .alipay, businessDate: date), as: UTF8.self) == nil)
        try session.close()
    }
}

@Suite("The generated day closes each simulated day")
struct GeneratedDayCloseTests {
    @Test("customers served across 20:00 close the day once, and the next morning opens with the count carried over")
    func generatedDayCloses() throws {
        let data = try ScratchDirectory("day-close-generated")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path, disk: .powerCut)
        defer { try? session.close() }
        let barcodes = try String(contentsOfFile: Repository.simCatalog, encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        session.advance(toMs: session.dayStartMs + 19 * 3_600_000 + 50 * 60_000)
        let day = GeneratedDay(seed: 7, customers: 30, faultRatePerMillion: 80_000, barcodes: barcodes)
        try day.run(on: session)
        let report = try SimulationReport.of(session, board: "sim", seed: 7, customers: 30)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let zs = try session.dayClose.zReports()
        #expect(zs.count == 1)
        let z = try #require(zs.first)
        #expect(z.closing.figures.services.first?.sales.count ?? 0 > 0, "the evening's sales are in the Z")
        #expect((-9...0).contains(z.closing.varianceFen), "the operator counts what is there, down to the jiao")
        #expect(report.days.map(\.z) == [1])
        #expect(report.days.first?.countedCashFen == z.closing.countedCashFen)
        let tomorrow = try #require(try session.dayClose.daySoFar().opening)
        #expect(tomorrow.carried && tomorrow.floatFen == z.closing.countedCashFen)
        #expect(tomorrow.businessDate == z.closing.businessDate + 1)
        // The next morning the day's statements were matched: whatever they disagree on is journaled and
        // answered by the gateway, and the audit (in the report's errors) holds every row to the journal.
        #expect(report.statementMismatches.allSatisfy { $0.answer != nil }, "\(report.statementMismatches)")
        #expect(report.statementMismatches.allSatisfy { $0.businessDate == DayReportLine.date(z.closing.businessDate) })
    }
}

@Suite("The day's close from the counter's keypad")
struct DayCloseKeypadTests {
    @Test("the close-day key counts note by note, shows only the total, then closes the day and prints the Z")
    func keypadSequence() throws {
        let data = try ScratchDirectory("day-close-keypad")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        defer { try? session.close() }
        func press(_ keys: String...) {
            for key in keys { session.engine.handle(.key(key), nowMs: session.clockMs) }
        }
        session.scan(DayCloseEngineTests.milk)
        press("F12")
        #expect(session.engine.lastMessageCode == "DAY_CLOSE_STOPPED", "not in the middle of a sale")
        session.engine.handle(.cash(fen: 2_000), nowMs: session.clockMs)

        press("F12")
        #expect(session.engine.lastMessageCode == "DAY_COUNT")
        press("Escape")
        #expect(session.engine.lastMessageCode == "DAY_CLOSE_STOPPED")
        #expect(try session.dayClose.daySoFar().counted == nil, "leaving records nothing")

        // ￥20.00 taken, ￥1.40 change: ￥18.60 expected; counted one 10-yuan note, 8 one-yuan coins, a
        // 5-jiao coin and two 1-jiao coins: ￥18.70, one jiao over.
        press("F12", "F12", "F12", "F12", "1", "F12", "F12", "8", "F12", "1", "F12", "2", "F12")
        #expect(session.engine.lastMessageCode == "DAY_COUNTED")
        #expect(session.engine.lastMessage?.contains("18.70") == true, "the total counted, and nothing expected")
        #expect(try Self.zCount(session) == 0)
        press("F12")
        #expect(session.engine.lastMessageCode == "DAY_CLOSED")
        let z = try #require(try session.dayClose.zReports().first?.closing)
        #expect(z.countedCashFen == 1_870)
        #expect(z.varianceFen == 10)
        #expect(session.engine.machine.entry.isEmpty, "the pieces keyed were taken, not left on the keypad")
    }

    @Test("0 then the close-day key prints the X report: nothing is closed and no count starts")
    func keypadPrintsX() throws {
        let data = try ScratchDirectory("day-close-keypad-x")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        defer { try? session.close() }
        session.scan(DayCloseEngineTests.milk)
        session.engine.handle(.cash(fen: 2_000), nowMs: session.clockMs)
        let printedBefore = session.printer.printer.printedCount
        for key in ["0", "F12"] { session.engine.handle(.key(key), nowMs: session.clockMs) }
        #expect(session.engine.lastMessageCode == "DAY_X_PRINTED")
        #expect(session.printer.printer.printedCount == printedBefore + 1, "the X came out of the printer")
        #expect(try Self.zCount(session) == 0, "an X closes nothing")
        #expect(session.engine.machine.entry.isEmpty)
        session.engine.handle(.key("F12"), nowMs: session.clockMs)
        #expect(session.engine.lastMessageCode == "DAY_COUNT", "the close-day key alone still starts the close")
    }

    static func zCount(_ session: SimulationSession) throws -> Int { try session.dayClose.zReports().count }
}

@Suite("The Z as printed")
struct DayReportPrintTests {
    @Test("the Z comes out of the printer with its figures, and its copy is marked 补打")
    func printedZ() throws {
        let data = try ScratchDirectory("day-close-printed")
        let receipts = try ScratchDirectory("day-close-printed-receipts")
        defer {
            data.remove()
            receipts.remove()
        }
        let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse("""
            day open 200
            scan 6916018159088
            cash 20
            day count 100=2 10=1 5=1 1=3 0.5=1 0.1=1 少了一角
            day close
            """, fileName: "day.scenario"))
        try session.dayClose.reprint(z: 1, nowMs: session.clockMs)
        session.advance(toMs: session.clockMs + 1_000)
        let printed = try FileManager.default.contentsOfDirectory(atPath: receipts.path).filter { $0.hasSuffix(".txt") }.sorted()
        let z = try String(contentsOfFile: receipts.path + "/" + printed[printed.count - 2], encoding: .utf8)
        let copy = try String(contentsOfFile: receipts.path + "/" + printed[printed.count - 1], encoding: .utf8)
        for expected in ["日结单 Z0001", "备用金", "￥200.00", "应有现金", "￥218.60", "实点现金", "￥218.60", "差额", "￥0.00",
                         "说明:少了一角", "现金 1笔", "便利店 1笔"] {
            #expect(z.contains(expected), "\(expected) in\n\(z)")
        }
        #expect(!z.contains("补打"))
        #expect(copy.contains("补打") && copy.contains("日结单 Z0001"))
    }

    @Test("each carrier's shelf balances in the Z: held yesterday + arrived = picked up + returned + held tonight")
    func parcelIdentityInTheZ() throws {
        let data = try ScratchDirectory("day-close-parcels")
        let receipts = try ScratchDirectory("day-close-parcels-receipts")
        defer {
            data.remove()
            receipts.remove()
        }
        let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse("""
            day open 200
            parcel arrive SF1234567890125
            parcel arrive SF1234567890126
            parcel arrive YT1234567890125
            parcel pickup code-of 1
            parcel confirm SF1234567890125
            day count 100=2
            day close
            """, fileName: "first.scenario"))
        session.advance(toMs: session.clockMs + 86_400_000)
        try session.run(try ScenarioParser.parse("""
            day open
            parcel arrive YT1234567890126
            parcel pickup code-of 2
            parcel confirm SF1234567890126
            day count 100=2
            day close
            """, fileName: "second.scenario"))
        func shelves(_ z: Int) throws -> [String: [Int64]] {
            let closing = try #require(try session.dayClose.zReports().first { $0.closing.z == z }).closing
            return Dictionary(uniqueKeysWithValues: DayReportComposer.parcelShelves(closing.figures.services).map { ($0.0.name, $0.1) })
        }
        #expect(try shelves(1) == ["sf": [0, 2, 1, 0, 1], "yto": [0, 1, 0, 0, 1]])
        #expect(try shelves(2) == ["sf": [1, 0, 1, 0, 0], "yto": [1, 1, 0, 0, 2]])
        #expect(try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
        session.advance(toMs: session.clockMs + 1_000)
        let printed = try FileManager.default.contentsOfDirectory(atPath: receipts.path).filter { $0.hasSuffix(".txt") }.sorted()
        let z = try String(contentsOfFile: receipts.path + "/" + printed[printed.count - 1], encoding: .utf8)
        #expect(z.contains("日结单 Z0002") && z.contains("快递货架"), "\(z)")
        #expect(z.split(separator: "\n").contains { $0.contains("顺丰") && $0.contains("1+0=1+0+0") }, "\(z)")
        #expect(z.split(separator: "\n").contains { $0.contains("圆通") && $0.contains("1+1=0+0+2") }, "\(z)")
    }

    @Test("the X comes out of the printer marked X and not a close, with the day so far and no count")
    func printedX() throws {
        let data = try ScratchDirectory("day-close-printed-x")
        let receipts = try ScratchDirectory("day-close-printed-x-receipts")
        defer {
            data.remove()
            receipts.remove()
        }
        let session = try SimulationSession.make(in: data.path, receipts: receipts.path)
        defer { try? session.close() }
        try session.run(try ScenarioParser.parse("""
            day open 200
            scan 6916018159088
            cash 20
            day count 100=2 10=1 5=1 1=3 0.5=1 0.1=1
            """, fileName: "day.scenario"))
        let x = try session.dayClose.printX(nowMs: session.clockMs)
        session.advance(toMs: session.clockMs + 1_000)
        #expect(try session.journal.unconfirmedPrintJobs().isEmpty, "the X printed")
        let printed = try FileManager.default.contentsOfDirectory(atPath: receipts.path).filter { $0.hasSuffix(".txt") }.sorted()
        let text = try String(contentsOfFile: receipts.path + "/" + printed[printed.count - 1], encoding: .utf8)
        for expected in ["X报表", "非日结 NOT A CLOSE", "备用金", "￥200.00", "应有现金", "￥218.60", "现金 1笔", "便利店 1笔"] {
            #expect(text.contains(expected), "\(expected) in\n\(text)")
        }
        for absent in ["日结单", "实点现金", "差额", "点钞"] {
            #expect(!text.contains(absent), "\(absent) is not on an X:\n\(text)")
        }
        #expect(x.expectedCashFen == 21_860)
        #expect(try session.dayClose.zReports().isEmpty, "an X closes nothing")
        #expect(try session.dayClose.daySoFar().counted != nil, "the count stays for the close")
        #expect(try DayCloseAudit(database: session.database, configuration: session.configuration).mismatches().isEmpty)
    }

    @Test("the X lays out on 58 and 80 mm, marked X and not a close, in both languages", arguments: [
        ("generic-58mm", OperatorLocale.zhHans), ("epson-tm-t20-80mm", .zhHans), ("epson-tm-t20-80mm", .english),
    ])
    func xLayouts(_ board: String, _ locale: OperatorLocale) throws {
        let configuration = try StationConfiguration(board: try Repository.board(board))
        let composer = DayReportComposer(printer: configuration.printer, header: "村级服务站", stationID: "S1", locale: locale)
        var figures = DayFigures()
        figures[.cash] = TallyLine(count: 1, fen: 1_860)
        let closing = DayClosing(z: 4, businessDate: 20_261_202, fromSequence: 3, floatFen: 20_000, cashRemovedFen: 0,
                                 counted: DrawerCounted(count: DrawerCount(), explanation: nil, who: ""), figures: figures)
        let x = composer.compose(closing, atMs: EngineStepTests.startMs, isReprint: false, isX: true)
        let z = composer.compose(closing, atMs: EngineStepTests.startMs, isReprint: false)
        let title = try #require(GB18030.encode(locale == .zhHans ? "X报表" : "X REPORT"))
        let mark = try #require(GB18030.encode(locale == .zhHans ? "非日结" : "NOT A CLOSE"))
        #expect(x.ranges(of: mark).count == 2, "marked at the top and the bottom (\(board) \(locale))")
        #expect(x.firstRange(of: title) != nil && z.firstRange(of: title) == nil)
        #expect(z.firstRange(of: mark) == nil)
    }

    @Test("58 and 80 mm, Chinese by default and English by the board's locale, in GB18030", arguments: [
        ("generic-58mm", OperatorLocale.zhHans), ("epson-tm-t20-80mm", .zhHans), ("generic-58mm", .english),
    ])
    func layouts(_ board: String, _ locale: OperatorLocale) throws {
        let configuration = try StationConfiguration(board: try Repository.board(board))
        let composer = DayReportComposer(printer: configuration.printer, header: "村级服务站", stationID: "S1", locale: locale)
        var figures = DayFigures()
        figures[.wechat] = TallyLine(count: 2, fen: 3_720)
        figures.services = [ServiceLine(service: "counter", sales: TallyLine(count: 2, fen: 3_720))]
        let counted = DrawerCounted(count: try #require(DrawerCount([.yuan100: 2])), explanation: nil, who: "李")
        let closing = DayClosing(z: 12, businessDate: 20_261_202, fromSequence: 3, floatFen: 20_000, cashRemovedFen: 0,
                                 counted: counted, figures: figures)
        let bytes = composer.compose(closing, atMs: EngineStepTests.startMs, isReprint: false)
        let title = locale == .zhHans ? "日结单 Z0012" : "Z REPORT 0012"
        #expect(bytes.firstRange(of: try #require(GB18030.encode(title))) != nil, "\(board) \(locale)")
        #expect(bytes.firstRange(of: try #require(GB18030.encode(locale == .zhHans ? "微信 2笔" : "WeChat 2"))) != nil)
        #expect(bytes.firstRange(of: Array("2026-12-02".utf8)) != nil)
    }
}

/// A service beside the counter, as parcels will be: its lines and its cash in and out.
private struct ParcelDesk: DayServiceLedger {
    func dayLines(after: Int64, through: Int64) throws -> [ServiceLine] {
        [ServiceLine(service: "parcels", sales: TallyLine(count: 2, fen: 1_600), cashInFen: 3_000, cashOutFen: 500)]
    }
}

@Suite("A service beside the counter in the day's figures")
struct DayServiceLedgerTests {
    @Test("a service's lines and its cash in and out reach the Z, its expected cash and its audit")
    func serviceLines() throws {
        let data = try ScratchDirectory("day-close-service")
        defer { data.remove() }
        let session = try SimulationSession.make(in: data.path)
        defer { try? session.close() }
        let day = DayCloseService(engine: session.engine, database: session.database, serviceLedgers: [ParcelDesk()])
        try day.open(floatFen: 10_000, who: "李", nowMs: session.clockMs)
        try day.count(DrawerCount(), explanation: nil, who: "李", nowMs: session.clockMs)
        let z = try day.close(nowMs: session.clockMs)
        #expect(z.figures.services.map(\.service) == ["counter", "assisted", "parcels"])
        #expect(z.expectedCashFen == 10_000 + 3_000 - 500)
        let audit = DayCloseAudit(database: session.database, configuration: session.configuration, serviceLedgers: [ParcelDesk()])
        #expect(try audit.mismatches().isEmpty)
        let withoutTheService = DayCloseAudit(database: session.database, configuration: session.configuration, serviceLedgers: [])
        #expect(try withoutTheService.mismatches().count == 1, "the audit sees a Z whose figures the journal does not give")
    }
}
