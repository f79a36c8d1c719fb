import Foundation
import Testing
import KioskSimulation

@Suite struct ScenarioParserTests {
    private let morning = """
    # Morning at the counter
    at 08:30:00
    scan 6901234567892          # 核桃
    scan "ABC #7 with spaces"
    key 5
    key ENTER
    cash 12.5
    gateway decline after 2s
    gateway timeout
    gateway approve
    unplug printer
    plug printer
    paper out
    paper in
    cover open
    cover close
    power-cut

    wait 45s
    wait 500ms
    wait 2m
    expect order 1 state paid
    expect order 1 total 12.50
    expect receipts 2
    expect drawer 112.05
    expect message "找零 \\"3.00\\""
    expect message-code CHANGE_DUE
    """

    @Test func everyKindOfStepParsesWithItsLineNumber() throws {
        let scenario = try ScenarioParser.parse(morning, fileName: "morning.scenario")
        #expect(scenario.fileName == "morning.scenario")
        #expect(scenario.steps.map(\.action) == [
            .at(timeOfDayMs: 30_600_000),
            .scan("6901234567892"),
            .scan("ABC #7 with spaces"),
            .key("5"),
            .key("ENTER"),
            .cash(fen: 1250),
            .gateway(GatewayAnswer(.decline, afterMs: 2000)),
            .gateway(GatewayAnswer(.timeout)),
            .gateway(GatewayAnswer(.approve)),
            .fault(.unplug(.printer)),
            .fault(.plug(.printer)),
            .fault(.paperOut),
            .fault(.paperIn),
            .fault(.coverOpen),
            .fault(.coverClose),
            .fault(.powerCut),
            .wait(durationMs: 45_000),
            .wait(durationMs: 500),
            .wait(durationMs: 120_000),
            .expect(.orderState(order: 1, state: "paid")),
            .expect(.orderTotal(order: 1, fen: 1250)),
            .expect(.receipts(count: 2)),
            .expect(.drawer(fen: 11205)),
            .expect(.message(contains: "找零 \"3.00\"")),
            .expect(.messageCode("CHANGE_DUE")),
        ])
        #expect(scenario.steps.first?.line == 2)
        #expect(scenario.steps.map(\.line).last == 27)
        #expect(!scenario.steps.map(\.line).contains(18))
    }

    /// Found by fuzzing (#19): Swift reads CR LF as one Character, so a file saved on Windows was one
    /// long line: one that starts with a comment ran no step at all, and passed.
    @Test func windowsLineEndsParseLikeUnixOnes() throws {
        let unix = try ScenarioParser.parse(morning, fileName: "morning.scenario")
        let windows = try ScenarioParser.parse(morning.replacing("\n", with: "\r\n"), fileName: "morning.scenario")
        #expect(windows.steps == unix.steps)
        #expect(windows.steps.count == 25)
    }

    @Test(arguments: [
        ("cash 12.505", "expected an amount in yuan with at most two decimals such as 12.50, found \"12.505\""),
        ("cash -3", "expected an amount in yuan with at most two decimals such as 12.50, found \"-3\""),
        ("cash 12.", "expected an amount in yuan with at most two decimals such as 12.50, found \"12.\""),
        ("wait 1.5s", "expected a duration such as 45s, 500ms or 2m, found \"1.5s\""),
        ("wait soon", "expected a duration such as 45s, 500ms or 2m, found \"soon\""),
        ("at 24:00", "expected a time of day such as 08:30:00, found \"24:00\""),
        ("at 8:30", "expected a time of day such as 08:30:00, found \"8:30\""),
        ("scan", "expected the scanned data, found the end of the line"),
        ("scan a b", "expected the end of the line, found \"b\""),
        ("unplug drawer", "expected a device (scanner, printer, keypad), found \"drawer\""),
        ("paper jam", "expected out or in, found \"jam\""),
        ("gateway maybe", "expected approve, decline, timeout or error, found \"maybe\""),
        ("gateway approve before 2s", "expected \"after\" and a delay, found \"before\""),
        ("expect order 0 state paid", "expected a whole number of at least 1, found \"0\""),
        ("expect order 1 colour red", "expected state or total, found \"colour\""),
        ("expect weather sunny", "expected order, receipts, drawer, message, message-code, parcels, parcel, z, z-count, produce, scale, bill or bills after expect, found \"weather\""),
        ("scale heavy", "expected grams (such as 2350), unstable or empty, found \"heavy\""),
        ("buy later", "expected cash or account, found \"later\""),
        ("expect produce kilos 3", "expected purchases, paid-out, grams or payouts, found \"kilos\""),
        ("expect message \"unclosed", "expected a closing quote"),
        ("dance", "expected a step (at, wait, scan, key, cash, gateway, assisted, fulfil, pickup, unplug, plug, paper, cover, power-cut, scale, farmer, grade, tare, buy, payee, bill, biller, expect, parcel, day), found \"dance\""),
    ])
    func badLineNamesFileLineAndWhatWasExpected(line: String, message: String) {
        let text = "# header\nat 08:00\n\(line)\nwait 1s\n"
        #expect(throws: ScenarioParseError(fileName: "bad.scenario", line: 3, message: message)) {
            try ScenarioParser.parse(text, fileName: "bad.scenario")
        }
    }

    @Test func errorReadsLikeACompilerMessage() {
        let error = ScenarioParseError(fileName: "day.scenario", line: 7, message: "expected out or in, found \"jam\"")
        #expect(error.description == "day.scenario:7: expected out or in, found \"jam\"")
    }

    @Test func fileIsReadFromDiskAndAMissingOneIsNamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(UUID().uuidString).scenario").path
        try Data(morning.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioParser.parseFile(atPath: path)
        #expect(scenario.fileName == path)
        #expect(scenario.steps.count == 25)
        #expect(throws: ScenarioParseError(fileName: "/nonexistent/day.scenario", line: 0, message: "cannot open the file (errno 2)")) {
            try ScenarioParser.parseFile(atPath: "/nonexistent/day.scenario")
        }
    }

    @Test func largeAmountsStayExactInFen() throws {
        let scenario = try ScenarioParser.parse("cash 999999999999.99\ncash 0.05\ncash 7", fileName: "m")
        #expect(scenario.steps.map(\.action) == [.cash(fen: 99_999_999_999_999), .cash(fen: 5), .cash(fen: 700)])
    }
}

@Test("assisted-order steps parse: open, fulfil, pick up with or without a code")
func assistedOrderSteps() throws {
    let scenario = try ScenarioParser.parse("""
        assisted 王秀英 13800001234
        fulfil 1 ordered
        fulfil 1 arrived
        pickup 1
        pickup 1 000000
        """, fileName: "assisted.scenario")
    #expect(scenario.steps.map(\.action) == [
        .assistedOrder(villager: "王秀英", phone: "13800001234"),
        .fulfilment(order: 1, step: .ordered),
        .fulfilment(order: 1, step: .arrived),
        .pickup(order: 1, code: nil),
        .pickup(order: 1, code: "000000"),
    ])
    #expect(throws: ScenarioParseError.self) {
        try ScenarioParser.parse("fulfil 1 shipped", fileName: "bad.scenario")
    }
}

@Test("parcel desk steps and checks parse; a bad one names what was expected")
func parcelSteps() throws {
    let scenario = try ScenarioParser.parse("""
        parcel arrive SF1234567890123 13800001234
        parcel arrive Q99-1 yunda
        parcel arrive SF1234567890129 cod 35.50 fee 1
        parcel pickup 1234
        parcel pickup code-of 2 swap for 李大爷
        parcel confirm SF1234567890123
        parcel done
        parcel holds
        parcel return Q99-1
        parcel mode returns
        parcel sms off
        wait 3d
        expect parcels on-shelf 2
        expect parcel 1 state picked_up
        """, fileName: "parcels.scenario")
    #expect(scenario.steps.map(\.action) == [
        .parcel(.arrive(waybill: "SF1234567890123", phone: "13800001234", carrier: nil)),
        .parcel(.arrive(waybill: "Q99-1", phone: nil, carrier: "yunda")),
        .parcel(.arrive(waybill: "SF1234567890129", phone: nil, carrier: nil, codFen: 3_550, feeFen: 100)),
        .parcel(.pickup(given: .text("1234"), neighbour: nil)),
        .parcel(.pickup(given: .codeOf(parcel: 2, mistake: .swap), neighbour: "李大爷")),
        .parcel(.confirm(waybill: "SF1234567890123")),
        .parcel(.done),
        .parcel(.holds),
        .parcel(.returned(waybill: "Q99-1")),
        .parcel(.mode("returns")),
        .parcel(.sms(online: false)),
        .wait(durationMs: 3 * 86_400_000),
        .expect(.parcels(.onShelf, 2)),
        .expect(.parcelState(parcel: 1, state: "picked_up")),
    ])
    #expect(throws: ScenarioParseError.self) { try ScenarioParser.parse("parcel mode sorting", fileName: "bad.scenario") }
    #expect(throws: ScenarioParseError.self) { try ScenarioParser.parse("expect parcels lost 1", fileName: "bad.scenario") }
}
