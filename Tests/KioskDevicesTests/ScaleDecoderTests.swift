import KioskDevices
import Testing

@Suite struct ScaleWeightTests {
    @Test func decimalTextIsReadIntoGramsExactly() {
        #expect(ScaleWeight.grams(decimal: Array("2.350".utf8), unit: Array("kg".utf8)) == 2350)
        #expect(ScaleWeight.grams(decimal: Array("0.001".utf8), unit: Array("kg".utf8)) == 1)
        #expect(ScaleWeight.grams(decimal: Array("12".utf8), unit: Array("kg".utf8)) == 12_000)
        #expect(ScaleWeight.grams(decimal: Array("1234".utf8), unit: Array("g".utf8)) == 1234)
        // 0.1 + 0.2 in a float is not 0.3; in grams it is.
        #expect(ScaleWeight.grams(decimal: Array("0.3".utf8), unit: Array("kg".utf8)) == 300)
        #expect(ScaleWeight.grams(decimal: Array("-0.012".utf8), unit: Array("kg".utf8)) == -12)
    }

    @Test func digitsBelowAGramRoundHalfAwayFromZero() {
        #expect(ScaleWeight.grams(decimal: Array("1234.5".utf8), unit: Array("g".utf8)) == 1235)
        #expect(ScaleWeight.grams(decimal: Array("1.2344".utf8), unit: Array("kg".utf8)) == 1234)
        #expect(ScaleWeight.grams(decimal: Array("-1.2345".utf8), unit: Array("kg".utf8)) == -1235)
    }

    @Test func anythingElseIsNoWeight() {
        for (digits, unit) in [("1.2.3", "kg"), ("", "kg"), (".", "kg"), ("1,5", "kg"), ("2.3", "lb"), ("99999999999", "kg")] {
            #expect(ScaleWeight.grams(decimal: Array(digits.utf8), unit: Array(unit.utf8)) == nil, "\(digits) \(unit)")
        }
    }
}

@Suite struct HIDScaleDecoderTests {
    @Test func stableReportInKilogramsWithSignedExponent() {
        // 2.350 kg: value 2350, exponent 0xFD (-3), unit 3 (kg).
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x04, 0x03, 0xFD, 0x2E, 0x09]) == .stable(grams: 2350))
        // 2350 g: value 235, exponent +1, unit 2 (g).
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x04, 0x02, 0x01, 0xEB, 0x00]) == .stable(grams: 2350))
        // 23.5 g with exponent -1 rounds to 24 g.
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x04, 0x02, 0xFF, 0xEB, 0x00]) == .stable(grams: 24))
    }

    @Test func statusOtherThanStableIsNeverAWeight() {
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x03, 0x02, 0x00, 0x2E, 0x09]) == .moving)
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x05, 0x02, 0x00, 0x00, 0x00]) == .underZero)
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x06, 0x02, 0x00, 0xFF, 0xFF]) == .overCapacity)
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x02, 0x02, 0x00, 0x00, 0x00]) == .stable(grams: 0))
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x04, 0x0C, 0xFF, 0x40, 0x00])
            == .unusable(reason: "the scale weighs in ounces or pounds; set it to kilograms"))
        #expect(HIDScaleDecoder.reading(report: [0x03, 0x04, 0x02]) == .unusable(reason: "short scale report (3 bytes)"))
    }

    @Test func reportsOtherThanScaleDataAreIgnored() {
        #expect(HIDScaleDecoder.reading(report: [0x04, 0x01, 0x02, 0x00, 0x00, 0x00]) == nil)
        #expect(HIDScaleDecoder.reading(report: []) == nil)
    }
}

@Suite struct SerialScaleParserTests {
    @Test func mtSICSStableDynamicAndErrorReplies() {
        var parser = SerialScaleParser(scaleProtocol: .mtSICS)
        let replies = "S S     2.350 kg\r\nS D     2.340 kg\r\nS I\r\nS +\r\nS -\r\nES\r\nS S    -0.012 kg\r\nS S    812.4 g\r\n"
        #expect(parser.consume(Array(replies.utf8)) == [
            .stable(grams: 2350), .moving, .moving, .overCapacity, .underZero,
            .unusable(reason: "the scale did not understand the command (ES)"), .underZero, .stable(grams: 812),
        ])
    }

    @Test func mtSICSReplySplitAcrossReadsIsOneReading() {
        var parser = SerialScaleParser(scaleProtocol: .mtSICS)
        #expect(parser.consume(Array("S S    1".utf8)).isEmpty)
        #expect(parser.consume(Array("0.500 kg\r".utf8)).isEmpty)
        #expect(parser.consume([0x0A]) == [.stable(grams: 10_500)])
    }

    @Test func toledo8217WeightAndStatusBits() {
        var parser = SerialScaleParser(scaleProtocol: .toledo8217)
        let replies: [UInt8] = [0x02] + Array("01.234".utf8) + [0x0D]
            + [0x02, UInt8(ascii: "?"), 0x21, 0x0D] + [0x02, UInt8(ascii: "?"), 0x22, 0x0D] + [0x02, UInt8(ascii: "?"), 0x24, 0x0D]
            + [0x02] + Array("12.500N".utf8) + [0x0D]
        #expect(parser.consume(replies) == [.stable(grams: 1234), .moving, .overCapacity, .underZero, .stable(grams: 12_500)])
    }

    @Test func overlongReplyIsDroppedWhole() {
        var parser = SerialScaleParser(scaleProtocol: .mtSICS)
        let long = "S S " + String(repeating: "9", count: 100) + " kg\r\nS S 1.000 kg\r\n"
        #expect(parser.consume(Array(long.utf8)) == [.unusable(reason: "reply too long"), .stable(grams: 1000)])
    }
}

@Suite struct StableWeightFilterTests {
    @Test func weightIsTakenOnlyWhenReadingsAgree() {
        var filter = StableWeightFilter(readingsToAgree: 3)
        #expect(filter.consume(.stable(grams: 2340)) == nil)
        #expect(filter.consume(.stable(grams: 2350)) == nil)
        #expect(filter.consume(.stable(grams: 2350)) == nil)
        #expect(filter.consume(.stable(grams: 2350)) == .weighed(grams: 2350))
    }

    @Test func motionBreaksAgreementAndIsToldOnce() {
        var filter = StableWeightFilter(readingsToAgree: 2)
        #expect(filter.consume(.stable(grams: 500)) == nil)
        #expect(filter.consume(.moving) == .problem(.moving))
        #expect(filter.consume(.moving) == nil)
        #expect(filter.consume(.stable(grams: 500)) == nil)
        #expect(filter.consume(.stable(grams: 500)) == .weighed(grams: 500))
    }

    @Test func goodsLeftOnThePanAreTakenOnceAndTheSameWeightAgainAfterEmptying() {
        var filter = StableWeightFilter(readingsToAgree: 1)
        #expect(filter.consume(.stable(grams: 1000)) == .weighed(grams: 1000))
        #expect(filter.consume(.moving) == .problem(.moving))
        #expect(filter.consume(.stable(grams: 1000)) == nil)
        #expect(filter.consume(.stable(grams: 0)) == nil)
        #expect(filter.consume(.stable(grams: 1000)) == .weighed(grams: 1000))
    }

    /// Found by fuzzing: a bag was weighed, a second bag of another weight read once, the first bag's
    /// weight came back, then the second's again: two readings with another between were taken as agreeing.
    @Test func readingsInterruptedByTheWeightAlreadyTakenDoNotAgree() {
        var filter = StableWeightFilter(readingsToAgree: 2)
        #expect(filter.consume(.stable(grams: 4000)) == nil)
        #expect(filter.consume(.stable(grams: 4000)) == .weighed(grams: 4000))
        #expect(filter.consume(.stable(grams: 224)) == nil)
        #expect(filter.consume(.stable(grams: 4000)) == nil)
        #expect(filter.consume(.stable(grams: 224)) == nil)
        #expect(filter.consume(.stable(grams: 224)) == .weighed(grams: 224))
    }

    @Test func problemsAreNeverAZeroWeight() {
        var filter = StableWeightFilter(readingsToAgree: 1)
        #expect(filter.consume(.overCapacity) == .problem(.overCapacity))
        #expect(filter.consume(.underZero) == .problem(.underZero))
        #expect(filter.silent() == .problem(.silent))
        #expect(filter.silent() == nil)
        #expect(filter.consume(.stable(grams: 0)) == nil)
    }
}
