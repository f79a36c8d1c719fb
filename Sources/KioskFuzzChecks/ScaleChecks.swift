import KioskCore
import KioskDevices

/// Scale decoders: every reading is a weight within range or a named problem; a weight is taken
/// only when the last `readingsToAgree` readings were that same stable weight; serial replies read
/// the same however the line splits them; a stable weight sent back as the scale would send it
/// reads back the same.
///
/// The first byte picks how many readings must agree (1…4); the rest are steps.
enum ScaleChecks {
    /// Steps: a control byte whose low four bits (plus one) give the report's length, then the report.
    static func hid(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        var taking = TakingCheck(readingsToAgree: Int(reader.byte() % 4) + 1)
        while !reader.isAtEnd {
            let control = reader.byte()
            let report = reader.take(Int(control & 0x0F) + 1)
            guard let reading = HIDScaleDecoder.reading(report: report) else {
                require(report.first != HIDScaleDecoder.dataReportID, "a scale data report gave no reading")
                continue
            }
            checkReading(reading)
            taking.consume(reading)
            if case .stable(let grams) = reading, report[1] == 4, report[2] == 2, report[3] == 0 {
                require(grams == Int64(report[4]) | Int64(report[5]) << 8, "\(report) in grams reads as \(grams) g")
            }
            if case .stable(let grams) = reading, grams <= 0xFFFF {
                let sent: [UInt8] = [HIDScaleDecoder.dataReportID, 4, 2, 0, UInt8(grams & 0xFF), UInt8(grams >> 8)]
                require(HIDScaleDecoder.reading(report: sent) == reading, "\(grams) g reads back differently")
            }
        }
    }

    /// The second byte picks the protocol; then steps: a control byte (low five bits plus one give
    /// the chunk's length), then the chunk of line bytes.
    static func serial(_ bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        let readingsToAgree = Int(reader.byte() % 4) + 1
        let scaleProtocol = SerialScaleProtocol.allCases[Int(reader.byte()) % SerialScaleProtocol.allCases.count]
        var taking = TakingCheck(readingsToAgree: readingsToAgree)
        var split = SerialScaleParser(scaleProtocol: scaleProtocol)
        var everything: [UInt8] = []
        var splitReadings: [ScaleReading] = []
        while !reader.isAtEnd {
            let control = reader.byte()
            let chunk = reader.take(Int(control & 0x1F) + 1)
            everything += chunk
            for reading in split.consume(chunk) {
                checkReading(reading)
                taking.consume(reading)
                splitReadings.append(reading)
            }
        }
        var whole = SerialScaleParser(scaleProtocol: scaleProtocol)
        let wholeReadings = whole.consume(everything)
        require(wholeReadings == splitReadings, "readings depend on how the line split the replies")
        for case .stable(let grams) in splitReadings {
            let kilograms = "\(grams / 1000).\(String(String(grams % 1000 + 1000).dropFirst()))"
            let reply: [UInt8] = switch scaleProtocol {
            case .mtSICS: Array("S S     \(kilograms) kg\r\n".utf8)
            case .toledo8217: [0x02] + Array(kilograms.utf8) + [0x0D]
            }
            var fresh = SerialScaleParser(scaleProtocol: scaleProtocol)
            let again = fresh.consume(reply)
            require(again == [.stable(grams: grams)], "\(grams) g sent back reads as \(again)")
        }
    }

    static func checkReading(_ reading: ScaleReading) {
        if case .stable(let grams) = reading {
            require(grams >= 0 && grams <= ScaleWeight.maxGrams, "a stable weight of \(grams) g")
        }
        if case .unusable(let reason) = reading { require(!reason.isEmpty, "an unusable reading without a reason") }
    }

    /// Runs the filter and checks every weight it takes against the readings before it.
    struct TakingCheck {
        let readingsToAgree: Int
        var filter: StableWeightFilter
        var recent: [ScaleReading] = []

        init(readingsToAgree: Int) {
            self.readingsToAgree = readingsToAgree
            filter = StableWeightFilter(readingsToAgree: readingsToAgree)
        }

        mutating func consume(_ reading: ScaleReading) {
            recent.append(reading)
            if recent.count > readingsToAgree { recent.removeFirst() }
            guard case .weighed(let grams)? = filter.consume(reading) else { return }
            require(grams > 0, "an empty pan was taken as a weight")
            require(recent.count == readingsToAgree && recent.allSatisfy { $0 == .stable(grams: grams) },
                    "\(grams) g taken after \(recent), not \(readingsToAgree) agreeing stable readings")
        }
    }
}

/// Produce journal entries: any bytes that decode are a consistent purchase (net = gross − tare,
/// positive; amount not negative) or account payout (a lot and key, sent at least once), encode back to
/// exactly those bytes, and are never both.
enum ProduceChecks {
    static func entry(_ bytes: [UInt8]) {
        if let payout = ProducePayoutEntryCodec.decode(bytes) {
            require(!payout.lot.isEmpty && !payout.key.isEmpty && payout.sends >= 1 && payout.amountFen >= 0,
                    "a decoded payout is not consistent")
            require(ProducePayoutEntryCodec.encode(payout) == bytes, "a decoded payout encodes to other bytes")
            require(ProduceEntryCodec.decode(bytes) == nil, "the same bytes decode as a payout and a purchase")
        }
        guard let purchase = ProduceEntryCodec.decode(bytes) else { return }
        require(purchase.netGrams > 0 && purchase.netGrams == purchase.grossGrams - purchase.tareGrams,
                "a decoded purchase's weights do not add up")
        require(purchase.amountFen >= 0, "a decoded purchase pays a negative amount")
        require(ProduceEntryCodec.encode(purchase) == bytes, "a decoded purchase encodes to other bytes")
    }
}
