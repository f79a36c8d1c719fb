import KioskCore

/// The scan classifier and its GS1 parser.
enum BarcodeChecks {
    /// Whatever the bytes, the classification agrees with itself: a product is a valid GTIN and never
    /// a payment code, a payment code is never a product, a command is exactly its barcode text, and a
    /// terminator added at the end changes nothing.
    static func classifier(_ bytes: [UInt8]) {
        let classification = ScanClassifier.classify(bytes)
        let body = strippedBody(bytes)
        switch classification {
        case .product(let code):
            let digits = code.digits.text
            require(ProductCode.isValidGTIN(digits), "product \(digits) is not a valid GTIN")
            require(PaymentCode(digits: digits) == nil, "payment code \(digits) accepted as a product")
            require(Array(digits.utf8) == body, "product \(digits) is not the scanned \(body)")
        case .scaleLabel(let label):
            let digits = label.digits.text
            require(ProductCode.isValidGTIN(digits) && digits.utf8.count == 13 && digits.hasPrefix("2"),
                    "scale label \(digits) is not an EAN-13 with prefix 2")
            require(PaymentCode(digits: digits) == nil, "payment code \(digits) accepted as a scale label")
            require((0 ... 99_999).contains(label.priceFen), "scale label price \(label.priceFen) out of range")
        case .paymentCode(let code):
            let digits = code.digits.text
            require(code.hasDigits && ProductCode(digits: digits) == nil, "payment code \(digits) is also a product")
            require(PaymentCode(digits: digits)?.scheme == code.scheme, "payment code \(digits) changes scheme")
            require(Array(digits.utf8) == body, "payment code \(digits) is not the scanned \(body)")
            require(code.masked.text.utf8.count == 10 && !code.masked.text.contains(digits),
                    "payment code mask \(code.masked.text) shows the code")
        case .gs1(let data):
            checkGS1(data)
        case .command(let command):
            require(body == Array(command.barcode.description.utf8), "command \(command) from \(body)")
        case .freeText(let text):
            require(!text.isAllDigits, "digits \(text.text) taken as free text")
            text.withBytes { free in
                require(free.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x1D }, "free text holds \(Array(free))")
            }
        case .rejected:
            break
        }
        if bytes.count < ScanClassifier.maximumScanBytes {
            let terminated = ScanClassifier.classify(bytes + [0x0D])
            require(terminated == classification, "a CR changes \(classification) into \(terminated)")
        }
    }

    /// Element strings after a GS1-128 identifier: a parsed one holds a valid GTIN-14 and fields in
    /// range, and its readable form `(01)…(10)…` and its raw form with GS separators parse to it again.
    static func gs1(_ bytes: [UInt8]) {
        guard case .gs1(let data) = ScanClassifier.classify(Array("]C1".utf8) + bytes) else { return }
        checkGS1(data)
        var readable = "(01)" + data.gtin.text
        var raw = "01" + data.gtin.text
        if data.batch.count > 0 {
            readable += "(10)" + data.batch.text
            raw += "10" + data.batch.text + "\u{1D}"
        }
        for (ai, date) in [("11", data.productionDate), ("13", data.packedDate), ("15", data.bestBeforeDate), ("17", data.expiryDate)] {
            guard let date else { continue }
            readable += "(\(ai))" + date.text
            raw += ai + date.text
        }
        if let grams = data.netWeightGrams {
            let (ai, value) = grams <= 999_999 ? ("3103", grams) : ("3102", grams / 10)
            let digits = String(value)
            let padded = String(repeating: "0", count: 6 - digits.count) + digits
            readable += "(\(ai))" + padded
            raw += ai + padded
        }
        if let fen = data.priceFen {
            readable += "(3922)" + String(fen)
            raw += "3922" + String(fen)
        }
        for form in [readable, "]C1" + raw] where form.utf8.count <= ScanClassifier.maximumScanBytes {
            let again = ScanClassifier.classify(Array(form.utf8))
            require(again == .gs1(data), "GS1 \(data) written as \(form) reads back as \(again)")
        }
    }

    static func checkGS1(_ data: GS1Data) {
        require(data.gtin.count == 14 && ProductCode.isValidGTIN(data.gtin.text), "GS1 GTIN \(data.gtin.text) is invalid")
        require(data.batch.count <= 20, "GS1 batch of \(data.batch.count) bytes")
        require(!data.batch.text.contains("\u{1D}") && !data.batch.text.contains("("), "GS1 batch holds a separator")
        if let grams = data.netWeightGrams {
            require((0 ... 9_999_990).contains(grams) && (grams <= 999_999 || grams % 10 == 0), "GS1 weight \(grams) g")
        }
        for date in [data.productionDate, data.packedDate, data.bestBeforeDate, data.expiryDate].compactMap({ $0 }) {
            require((1 ... 12).contains(date.month) && date.day <= 31 && date.year <= 99, "GS1 date \(date.text)")
        }
        if let fen = data.priceFen { require((0 ... 999_999_999_999_999).contains(fen), "GS1 price \(fen) fen") }
    }

    /// The scan without trailing CR/LF/Tab, a leading AIM identifier or a leading GS, as the classifier reads it.
    static func strippedBody(_ bytes: [UInt8]) -> [UInt8] {
        var body = bytes[...]
        while let last = body.last, last == 0x0D || last == 0x0A || last == 0x09 { body = body.dropLast() }
        if body.count >= 3, body.first == UInt8(ascii: "]") { body = body.dropFirst(3) }
        if body.first == 0x1D { body = body.dropFirst() }
        return Array(body)
    }
}
