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
        let names = record.fields.map { String(decoding: $0, as: UTF8.self).trimmingSpaces.lowercased() }
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
            guard let text = String(validating: bytes, as: UTF8.self) else {
                outcome.problems.append(CatalogProblem(
                    line: record.line, message: "text is not valid UTF-8 (save the file as UTF-8, not GBK)"))
                return nil
            }
            texts.append(text.trimmingSpaces)
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
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int64(text)
    }

    private static func barcodeProblem(_ barcode: String) -> String? {
        guard barcode.allSatisfy(\.isASCIIDigit), GTIN.acceptedLengths.contains(barcode.count) else {
            return "barcode \(quoted(barcode)) is not 8, 12 or 13 digits (EAN-8, UPC-A, EAN-13)"
        }
        guard let expected = GTIN.checkDigit(forPayload: barcode.dropLast()) else { return nil }
        if barcode.last?.wholeNumberValue != expected {
            return "barcode \(barcode) has a wrong check digit (expected \(expected))"
        }
        return nil
    }

    private static func quoted(_ value: String) -> String {
        value.isEmpty ? "(empty)" : value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
