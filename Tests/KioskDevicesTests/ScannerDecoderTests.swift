import KioskCore
import Testing
import KioskDevices

/// HID boot keyboard reports as a wedge scanner sends them: each key pressed then released.
func wedgeReports(_ text: String, terminator: UInt8 = 0x28) -> [[UInt8]] {
    var reports: [[UInt8]] = []
    for character in text {
        let (usage, shifted) = usageOf(character)
        reports.append([shifted ? 0x02 : 0x00, 0, usage, 0, 0, 0, 0, 0])
        reports.append([0, 0, 0, 0, 0, 0, 0, 0])
    }
    reports.append([0, 0, terminator, 0, 0, 0, 0, 0])
    reports.append([0, 0, 0, 0, 0, 0, 0, 0])
    return reports
}

private func usageOf(_ character: Character) -> (UInt8, Bool) {
    let ascii = character.asciiValue!
    switch character {
    case "a"..."z": return (0x04 + ascii - UInt8(ascii: "a"), false)
    case "A"..."Z": return (0x04 + ascii - UInt8(ascii: "A"), true)
    case "1"..."9": return (0x1E + ascii - UInt8(ascii: "1"), false)
    case "0": return (0x27, false)
    case "]": return (0x30, false)
    case "-": return (0x2D, false)
    case "#": return (0x20, true)
    default: fatalError("no usage for \(character)")
    }
}

@Suite struct HIDKeyboardDecoderTests {
    private func decode(_ reports: [[UInt8]], configuration: ScannerConfiguration = .init()) -> [ScanOutcome] {
        var decoder = HIDKeyboardDecoder(configuration: configuration)
        var clock: UInt64 = 1_000
        return reports.compactMap { report in
            clock += 2
            return decoder.consume(report: report, atMs: clock)
        }
    }

    @Test func shiftedLettersAndDigitsEndedByEnter() {
        #expect(decode(wedgeReports("AbC123")) == [.scan(ScanEvent(text: "AbC123"))])
    }

    @Test func tabAlsoEndsARead() {
        #expect(decode(wedgeReports("6901234567892", terminator: 0x2B)) == [.scan(ScanEvent(text: "6901234567892"))])
    }

    @Test func symbologyIdentifierIsRecognisedAndStripped() {
        let outcomes = decode(wedgeReports("]E06901234567892"))
        #expect(outcomes == [.scan(ScanEvent(text: "6901234567892", symbology: Symbology(aimIdentifier: "]E0")))])
        if case .scan(let event) = outcomes.first { #expect(event.symbology?.name == "EAN-13") }
    }

    @Test func unterminatedReadEndsAfterTheGap() {
        var decoder = HIDKeyboardDecoder(configuration: ScannerConfiguration(interReadGapMs: 100))
        let reports = wedgeReports("12345").dropLast(2)
        var clock: UInt64 = 0
        for report in reports {
            clock += 5
            #expect(decoder.consume(report: report, atMs: clock) == nil)
        }
        #expect(decoder.gapDeadlineMs == clock + 100)
        #expect(decoder.expire(atMs: clock + 99) == nil)
        #expect(decoder.expire(atMs: clock + 100) == .scan(ScanEvent(text: "12345")))
        #expect(decoder.gapDeadlineMs == nil)
    }

    @Test func sameCodeWithinTheWindowIsDebounced() {
        let twice = wedgeReports("6901234567892") + wedgeReports("6901234567892")
        let outcomes = decode(twice, configuration: ScannerConfiguration(debounceWindowMs: 1000))
        #expect(outcomes.count == 2)
        #expect(outcomes[0] == .scan(ScanEvent(text: "6901234567892")))
        #expect(outcomes[1] == .repeated(ScanEvent(text: "6901234567892")))
    }

    @Test func sameCodeAfterTheWindowIsASecondScan() {
        var decoder = HIDKeyboardDecoder(configuration: ScannerConfiguration(debounceWindowMs: 500))
        var results: [ScanOutcome] = []
        for (start, code) in [(UInt64(0), "42"), (UInt64(2_000), "42")] {
            for (offset, report) in wedgeReports(code).enumerated() {
                if let outcome = decoder.consume(report: report, atMs: start + UInt64(offset)) { results.append(outcome) }
            }
        }
        #expect(results == [.scan(ScanEvent(text: "42")), .scan(ScanEvent(text: "42"))])
    }

    @Test func halfReportIsDroppedAndDecodingGoesOn() {
        var reports = wedgeReports("77")
        reports.insert([0, 0, 0x04], at: 1)
        let outcomes = decode(reports)
        #expect(outcomes.first == .dropped(reason: "half report of 3 bytes"))
        #expect(outcomes.last == .scan(ScanEvent(text: "77")))
    }

    @Test func overlongReadIsDropped() {
        let outcomes = decode(wedgeReports("1234567890"), configuration: ScannerConfiguration(maxScanLength: 8))
        guard case .dropped(let reason) = outcomes.first else {
            Issue.record("over-long read was not dropped")
            return
        }
        #expect(reason.contains("longer than the limit"))
    }

    @Test func keyThatTypesNothingSpoilsTheRead() {
        var reports = wedgeReports("12")
        reports.insert([0, 0, 0x3A, 0, 0, 0, 0, 0], at: 0)
        let outcomes = decode(reports)
        #expect(outcomes == [.dropped(reason: "key usage 0x3a types no character")])
    }

    @Test func severalKeysInOneReportAreTypedInOrder() {
        let outcomes = decode([[0, 0, 0x1E, 0x1F, 0x20, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0x28, 0, 0, 0, 0, 0]])
        #expect(outcomes == [.scan(ScanEvent(text: "123"))])
    }
}

@Suite struct HIDPOSDecoderTests {
    @Test func lengthByteAndRawBytesMakeARead() {
        var decoder = HIDPOSDecoder(configuration: ScannerConfiguration(scannerProtocol: .hidPOS))
        let report: [UInt8] = [6] + Array("]Q1ABC".utf8) + [0, 0, 0]
        #expect(decoder.consume(report: report, atMs: 10) == .scan(ScanEvent(text: "ABC", symbology: Symbology(aimIdentifier: "]Q1"))))
    }

    @Test func fullReportsContinueIntoTheNext() {
        var decoder = HIDPOSDecoder(configuration: ScannerConfiguration(scannerProtocol: .hidPOS))
        #expect(decoder.consume(report: [4] + Array("0104".utf8), atMs: 10) == nil)
        #expect(decoder.consume(report: [2] + Array("56".utf8) + [0, 0], atMs: 12) == .scan(ScanEvent(text: "010456")))
    }

    @Test func continuedReadEndsAfterTheGap() {
        var decoder = HIDPOSDecoder(configuration: ScannerConfiguration(scannerProtocol: .hidPOS, interReadGapMs: 50))
        #expect(decoder.consume(report: [4] + Array("9876".utf8), atMs: 10) == nil)
        #expect(decoder.expire(atMs: 59) == nil)
        #expect(decoder.expire(atMs: 60) == .scan(ScanEvent(text: "9876")))
    }

    @Test func gs1SeparatorIsKeptButOtherControlBytesAreGarbage() {
        var decoder = HIDPOSDecoder(configuration: ScannerConfiguration(scannerProtocol: .hidPOS))
        let gs1 = Array("]C10106901234567892".utf8) + [0x1D] + Array("10AB".utf8)
        #expect(decoder.consume(report: [UInt8(gs1.count)] + gs1 + [0], atMs: 10)
            == .scan(ScanEvent(text: "0106901234567892\u{1D}10AB", symbology: Symbology(aimIdentifier: "]C1"))))
        #expect(decoder.consume(report: [3, 0x41, 0x07, 0x42, 0], atMs: 3_000) == .dropped(reason: "non-printable byte 0x7 in read"))
    }

    @Test func lengthLongerThanTheReportIsAHalfReport() {
        var decoder = HIDPOSDecoder(configuration: ScannerConfiguration(scannerProtocol: .hidPOS))
        #expect(decoder.consume(report: [9, 0x31, 0x32], atMs: 10) == .dropped(reason: "half report: length 9 but 2 bytes"))
    }
}

@Suite struct KeypadDecoderTests {
    @Test func digitsEnterAndMappedFunctionKeys() {
        var decoder = KeypadDecoder(keyMap: [0x3A: .payCash, 0x3B: .payCode])
        var inputs: [KeypadInput] = []
        for report: [UInt8] in [
            [0, 0, 0x5A, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0x62, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0x57, 0, 0, 0, 0, 0], [0, 0, 0x56, 0, 0, 0, 0, 0],
            [0, 0, 0x3A, 0, 0, 0, 0, 0], [0, 0, 0x3C, 0, 0, 0, 0, 0],
            [0, 0, 0x58, 0, 0, 0, 0, 0],
        ] {
            inputs += decoder.consume(report: report)
        }
        #expect(inputs == [.digit(2), .digit(0), .plus, .minus, .command(.payCash), .enter])
    }

    @Test func commandBarcodesRoundTrip() {
        for command in CommandCode.allCases {
            #expect(ScanClassifier.classify(Array(command.barcodeText.utf8)) == .command(command))
            #expect(command.barcodeText.hasPrefix("#"))
        }
        #expect(ScanClassifier.classify(Array("6901234567892".utf8)) != .command(.payCash))
    }
}
