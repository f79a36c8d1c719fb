import KioskCore
import Testing

@Suite("Barcodes: check digits, classification, payment codes")
struct BarcodeTests {
    @Test("GTIN check digits: published examples pass, any altered digit fails", arguments: [
        "4006381333931", "73513537", "036000291452", "6901234567892", "00690123456787",
    ])
    func validGTIN(code: String) {
        #expect(ProductCode.isValidGTIN(code))
        var digits = Array(code.utf8)
        digits[digits.count - 1] = digits[digits.count - 1] == UInt8(ascii: "9") ? UInt8(ascii: "0") : digits[digits.count - 1] + 1
        #expect(!ProductCode.isValidGTIN(String(decoding: digits, as: UTF8.self)))
    }

    @Test("GTIN rejects wrong lengths and non-digits", arguments: ["", "123", "400638133393a", "40063813339311", "4006381333931 "])
    func invalidGTIN(code: String) {
        #expect(!ProductCode.isValidGTIN(code))
    }

    @Test("retail codes classify by length, with AIM prefix and CR accepted")
    func retailCodes() {
        #expect(kind(of: "6901234567892") == .ean13)
        #expect(kind(of: "]E06901234567892\r") == .ean13)
        #expect(kind(of: "73513537") == .ean8)
        #expect(kind(of: "036000291452\t") == .upcA)
        #expect(ScanClassifier.classify(Array("6901234567893".utf8)) == .rejected(.badCheckDigit))
    }

    private func kind(of scan: String) -> ProductCode.Kind? {
        if case let .product(code) = ScanClassifier.classify(Array(scan.utf8)) { return code.kind }
        return nil
    }

    @Test("in-store scale label carries item and price in fen")
    func scaleLabel() throws {
        guard case let .scaleLabel(label) = ScanClassifier.classify(Array("2000123012346".utf8)) else {
            Issue.record("not a scale label")
            return
        }
        #expect(label.itemCode == 123)
        #expect(label.priceFen == 1234)
    }

    @Test("GS1-128 with GTIN, weight, batch and price, raw and readable", arguments: [
        "]C10100690123456787310300125010LOT7\u{1D}39221575",
        "(01)00690123456787(3103)001250(10)LOT7(3922)1575",
        "\u{1D}0100690123456787310300125010LOT7\u{1D}39221575",
    ])
    func gs1(scan: String) {
        guard case let .gs1(data) = ScanClassifier.classify(Array(scan.utf8)) else {
            Issue.record("not GS1: \(ScanClassifier.classify(Array(scan.utf8)))")
            return
        }
        #expect(data.gtin.text == "00690123456787")
        #expect(data.netWeightGrams == 1250)
        #expect(data.batch.text == "LOT7")
        #expect(data.priceFen == 1575)
    }

    @Test("GS1 dates are kept, not refused", arguments: [
        "]C1010069012345678711260915132609301726101815261020",
        "(01)00690123456787(11)260915(13)260930(17)261018(15)261020",
    ])
    func gs1Dates(scan: String) throws {
        guard case let .gs1(data) = ScanClassifier.classify(Array(scan.utf8)) else {
            Issue.record("not GS1: \(ScanClassifier.classify(Array(scan.utf8)))")
            return
        }
        #expect(data.productionDate?.text == "260915")
        #expect(data.packedDate?.text == "260930")
        #expect(data.expiryDate?.text == "261018")
        #expect(data.bestBeforeDate?.text == "261020")
    }

    @Test("AI 3102 carries lots above 999.999 kg in tens of grams")
    func gs1HeavyLot() {
        guard case let .gs1(data) = ScanClassifier.classify(Array("]C1010069012345678731021234561012\u{1D}".utf8)) else {
            Issue.record("not GS1")
            return
        }
        #expect(data.netWeightGrams == 1_234_560)
        #expect(data.batch.text == "12")
    }

    @Test("a GS1 date with month 13 is refused", arguments: ["]C1010069012345678717261318", "]C1010069012345678711250132"])
    func badGS1Date(scan: String) {
        #expect(ScanClassifier.classify(Array(scan.utf8)) == .rejected(.badGS1))
    }

    @Test("GS1 with a bad GTIN or an unknown AI is rejected", arguments: [
        "]C10100690123456788", "]C1010069012345678721ABC", "]C13103001250",
    ])
    func badGS1(scan: String) {
        #expect(ScanClassifier.classify(Array(scan.utf8)) == .rejected(.badGS1))
    }

    @Test("payment codes are recognised by digits and prefix, and masked", arguments: [
        ("134567890123456789", PaymentScheme?.some(.wechat), "13****6789"),
        ("281234567890123456", .alipay, "28****3456"),
        ("2512345678901234", .alipay, "25****1234"),
        ("301234567890123456789012", .alipay, "30****9012"),
        ("6212345678901234567", .unionPay, "62****4567"),
        ("164567890123456789", nil, ""),
        ("3112345678901234", nil, ""),
        ("621234567890123456", nil, ""),
    ])
    func paymentCodes(digits: String, scheme: PaymentScheme?, masked: String) {
        let classified = ScanClassifier.classify(Array(digits.utf8))
        if let scheme {
            guard case let .paymentCode(code) = classified else {
                Issue.record("\(digits) not a payment code: \(classified)")
                return
            }
            #expect(code.scheme == scheme)
            #expect(code.masked.text == masked)
            #expect(!code.masked.text.contains(String(digits.dropFirst(2).prefix(8))))
        } else {
            #expect(classified == .rejected(.unknownDigits))
        }
    }

    @Test("every command barcode is recognised; unknown commands are rejected")
    func commands() {
        for command in CommandCode.allCases {
            let text = command.barcode.withUTF8Buffer { Array($0) }
            #expect(ScanClassifier.classify(text) == .command(command))
        }
        #expect(ScanClassifier.classify(Array("#PAY-BITCOIN".utf8)) == .rejected(.unknownCommand))
    }

    @Test("free text, empty, non-ASCII and overlong scans")
    func otherScans() {
        #expect(ScanClassifier.classify(Array("SF1234567890".utf8)) == .freeText(FixedBytes64(utf8: "SF1234567890")!))
        #expect(ScanClassifier.classify(Array("]Q1\r".utf8)) == .rejected(.empty))
        #expect(ScanClassifier.classify(Array("苹果".utf8)) == .rejected(.notASCII))
        #expect(ScanClassifier.classify(Array(repeating: UInt8(ascii: "A"), count: 65)) == .rejected(.tooLong))
    }

    @Test("fixed byte strings hold up to their capacity and compare by content")
    func fixedBytes() {
        #expect(FixedBytes32(Array(repeating: 1, count: 32)) != nil)
        #expect(FixedBytes32(Array(repeating: 1, count: 33)) == nil)
        #expect(FixedBytes64(utf8: "王小明")?.text == "王小明")
        #expect(FixedBytes16(utf8: "138") == FixedBytes16(utf8: "138"))
        #expect(FixedBytes16(utf8: "138") != FixedBytes16(utf8: "1380"))
    }

    @Test("pickup codes are six digits, deterministic, and differ between orders")
    func pickupCodes() {
        let codes = (1 ... 200).map { PickupCode.derive(orderID: $0, seed: 42) }
        #expect(codes.allSatisfy { $0 < 1_000_000 })
        #expect(codes == (1 ... 200).map { PickupCode.derive(orderID: $0, seed: 42) })
        #expect(Set(codes).count > 195)
        #expect(PickupCode.derive(orderID: 7, seed: 1) != PickupCode.derive(orderID: 7, seed: 2))
        #expect(PickupCode.text(4217) == "004217")
    }
}
