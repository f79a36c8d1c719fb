import KioskCore
import KioskSimulation
import Testing

@Suite("Scenario steps of the day's close")
struct DayStepParserTests {
    @Test("day open, remove, count and close, and the Z checks, read as written")
    func daySteps() throws {
        let text = """
            day open 200
            day open
            day remove 100 存银行 信用社
            day count 100=1 20=1 0.5=1 0.1=3 找零多找了
            day close
            day x
            day match alipay
            expect z 1 variance -2.00
            expect z 1 expected 125.60
            expect z-count 1
            """
        let actions = try ScenarioParser.parse(text, fileName: "day.scenario").steps.map(\.action)
        let count = try #require(DrawerCount([.yuan100: 1, .yuan20: 1, .jiao5: 1, .jiao1: 3]))
        #expect(actions == [
            .day(.open(floatFen: 20_000)),
            .day(.open(floatFen: nil)),
            .day(.removeCash(fen: 10_000, why: "存银行 信用社")),
            .day(.count(count, note: "找零多找了")),
            .day(.close),
            .day(.printX),
            .day(.match(.alipay)),
            .expect(.zFigure(z: 1, figure: .variance, fen: -200)),
            .expect(.zFigure(z: 1, figure: .expected, fen: 12_560)),
            .expect(.zCount(1)),
        ])
    }

    @Test("a coin that does not exist, too many pieces or an unknown figure is refused at its line", arguments: [
        "day count 3=1", "day count 100=100000", "day shut", "expect z 1 tips 1.00", "day remove 100", "day match", "day match unionpay",
    ])
    func refused(_ line: String) {
        #expect(throws: ScenarioParseError.self) { try ScenarioParser.parse(line, fileName: "day.scenario") }
    }
}
