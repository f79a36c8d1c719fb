import KioskCore
import Testing

@Suite("Money in fen")
struct MoneyTests {
    @Test("formats yuan with two decimals and the full-width sign", arguments: [
        (Int64(1250), "12.50", "\u{FFE5}12.50"),
        (5, "0.05", "\u{FFE5}0.05"),
        (-305, "-3.05", "-\u{FFE5}3.05"),
        (0, "0.00", "\u{FFE5}0.00"),
    ])
    func formats(fen: Int64, plain: String, signed: String) {
        #expect(Money.format(fen: fen) == plain)
        #expect(Money.formatWithSign(fen: fen) == signed)
        #expect(!Money.formatWithSign(fen: fen).unicodeScalars.contains("\u{00A5}"))
    }

    @Test("parses yuan text exactly", arguments: [
        ("12.50", Int64?(1250)), ("12.5", 1250), ("12", 1200), ("0.05", 5), ("-3.05", -305),
        ("0.1", 10), ("1.234", nil), ("", nil), ("12.", nil), (".5", nil), ("+1", nil), ("1 2", nil),
        ("92233720368547758.07", 9_223_372_036_854_775_807), ("92233720368547758.08", nil),
    ])
    func parses(text: String, fen: Int64?) {
        #expect(Money.parseYuan(text) == fen)
    }

    @Test("overflow is nil, not a trap")
    func checkedArithmetic() {
        #expect(Money.add(.max, 1) == nil)
        #expect(Money.subtract(.min, 1) == nil)
        #expect(Money.multiply(.max / 2, by: 3) == nil)
        #expect(Money.multiply(1250, by: 3) == 3750)
        #expect(Money.add(100, 250) == 350)
    }

    @Test("format and parse round-trip")
    func roundTrip() {
        for fen: Int64 in [-99_999, -1, 0, 1, 99, 100, 12_345_678] {
            #expect(Money.parseYuan(Money.format(fen: fen)) == fen)
        }
    }
}
