/// Checks every record of a catalog CSV file and collects every problem, not just the first.
enum CatalogValidator {
    struct Outcome {
        var products: [Product] = []
        var problems: [CatalogProblem] = []
    }

    static func validate(_ bytes: [UInt8]) -> Outcome {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(bytes)
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                return Outcome(problems: [CatalogProblem(line: line, message: "a quoted field is never closed")])
            }
        }
        guard let header = records.first else {
            return Outcome(problems: [CatalogProblem(line: 1, message: "the file is empty (expected a header line)")])
        }
        var outcome = Outcome()
        checkHeader(header, into: &outcome)
        var firstLineOfBarcode: [String: Int] = [:]
        firstLineOfBarcode.reserveCapacity(records.count)
        for record in records.dropFirst() {
            guard let product = product(from: record, into: &outcome) else { continue }
            if let earlier = firstLineOfBarcode[product.barcode] {
                outcome.problems.append(CatalogProblem(
                    line: record.line, message: "barcode \(product.barcode) already appears on line \(earlier)"))
                continue
            }
            firstLineOfBarcode[product.barcode] = record.line
            outcome.products.append(product)
        }
        return outcome
    }

    private static func checkHeader(_ record: CSVRecord, into outcome: inout Outcome) {
        let names = record.fields.map { String(decoding: trimmingSpaces($0), as: UTF8.self).lowercased() }
        if names != CatalogCSVFormat.columns {
            outcome.problems.append(CatalogProblem(
                line: record.line,
                message: "header must be \(CatalogCSVFormat.columns.joined(separator: ",")) "
                    + "(found \(names.joined(separator: ",")))"))
        }
    }

    private static func product(from record: CSVRecord, into outcome: inout Outcome) -> Product? {
        let expected = CatalogCSVFormat.columns.count
        guard record.fields.count == expected else {
            outcome.problems.append(CatalogProblem(
                line: record.line, message: "expected \(expected) fields, found \(record.fields.count)"))
            return nil
        }
        var texts: [String] = []
        for bytes in record.fields {
            guard let text = String(validating: trimmingSpaces(bytes), as: UTF8.self) else {
                outcome.problems.append(CatalogProblem(
                    line: record.line, message: "text is not valid UTF-8 (save the file as UTF-8, not GBK)"))
                return nil
            }
            texts.append(text)
        }
        let problemsBefore = outcome.problems.count
        func reject(_ message: String) { outcome.problems.append(CatalogProblem(line: record.line, message: message)) }

        let barcode = texts[0]
        if let message = barcodeProblem(barcode) { reject(message) }
        let name = texts[1]
        if name.isEmpty { reject("name is empty") }
        let price = wholeNumber(texts[3])
        if price == nil { reject("price_fen \(quoted(texts[3])) is not a whole number of fen ≥ 0") }
        let stock = wholeNumber(texts[5])
        if stock == nil { reject("stock \(quoted(texts[5])) is not a whole number ≥ 0") }
        guard outcome.problems.count == problemsBefore, let price, let stock else { return nil }
        return Product(barcode: barcode, name: name, unit: texts[2], priceFen: price, category: texts[4], stock: stock)
    }

    /// Plain decimal digits only: no sign, no decimal point, no thousands separator, within Int64.
    private static func wholeNumber(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy(isASCIIDigit) else { return nil }
        return Int64(text)
    }

    private static func barcodeProblem(_ barcode: String) -> String? {
        guard barcode.utf8.allSatisfy(isASCIIDigit), GTIN.acceptedLengths.contains(barcode.utf8.count) else {
            return "barcode \(quoted(barcode)) is not 8, 12 or 13 digits (EAN-8, UPC-A, EAN-13)"
        }
        guard let expected = GTIN.checkDigit(forPayload: barcode.dropLast()) else { return nil }
        if barcode.utf8.last.map({ Int($0) - Int(UInt8(ascii: "0")) }) != expected {
            return "barcode \(barcode) has a wrong check digit (expected \(expected))"
        }
        return nil
    }

    private static func quoted(_ value: String) -> String {
        value.isEmpty ? "(empty)" : value
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Drops the spaces and tabs spreadsheets leave around values (ASCII, so safe on raw UTF-8 bytes).
    private static func trimmingSpaces(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return bytes[first...last]
    }
}
