import KioskBoard
import KioskCore
import KioskStore

/// Turns a scanner read into what the core understands: a product found in the catalog, a
/// customer's payment code, or a command barcode. Reads the core cannot use become a notice.
struct ScanTranslator {
    let catalog: CatalogRepository
    let names: ProductNames
    var scaleLabels: ScaleLabelLayout = .price

    enum Translation: Equatable {
        case action(CoreAction)
        case notice(StationNotice)
    }

    func translate(_ classification: ScanClassification) throws(StoreError) -> Translation {
        switch classification {
        case .product(let code):
            return try productScan(barcode: code.digits.text, priceOverride: nil)
        case .gs1(let data):
            if let grams = data.netWeightGrams {
                return try weighedScan(code: Self.gtin13(data.gtin.text), grams: grams, priceOverride: data.priceFen)
            }
            return try productScan(barcode: Self.gtin13(data.gtin.text), priceOverride: data.priceFen)
        case .scaleLabel(let label):
            if scaleLabels == .weight {
                return try weighedScan(code: label.catalogCode, grams: label.value, priceOverride: nil)
            }
            guard let barcode = FixedBytes32(label.digits.text.utf8) else { return .notice(.scanRejected(.tooLong)) }
            return .action(.productScanned(ProductScan(barcode: barcode, unitPriceFen: label.value, catalogRef: 0)))
        case .paymentCode(let code):
            return .action(.tenderCode(code))
        case .command(let command):
            return .action(.command(command))
        case .freeText(let text):
            return .notice(.unknownProduct(text.text))
        case .rejected(let reason):
            return .notice(.scanRejected(reason))
        }
    }

    private func productScan(barcode: String, priceOverride: Int64?) throws(StoreError) -> Translation {
        guard let product = try catalog.find(barcode: barcode),
              let bytes = FixedBytes32(barcode.utf8)
        else { return .notice(.unknownProduct(barcode)) }
        names.remember(product.name, for: barcode)
        return .action(.productScanned(ProductScan(barcode: bytes, unitPriceFen: priceOverride ?? product.priceFen,
                                                   catalogRef: 0)))
    }

    /// Goods weighed elsewhere (a GS1 net weight, a weight label): a product priced per kg is
    /// charged weight × price per kg (a price on the label wins); its line is keyed by weight and
    /// price per kg so the receipt shows both. A product sold by the piece is charged as one piece.
    private func weighedScan(code: String, grams: Int64, priceOverride: Int64?) throws(StoreError) -> Translation {
        guard let product = try catalog.find(barcode: code) else { return .notice(.unknownProduct(code)) }
        guard let fenPerKg = WeighedGoods.fenPerKg(unit: product.unit, priceFen: product.priceFen),
              let key = WeighedLineKey(code: code, grams: grams, fenPerKg: fenPerKg),
              let amount = priceOverride ?? WeighedGoods.amountFen(grams: grams, fenPerKg: fenPerKg),
              let barcode = FixedBytes32(key.text.utf8)
        else { return try productScan(barcode: code, priceOverride: priceOverride) }
        names.remember(names.weighedName(product.name, key), for: key.text)
        return .action(.productScanned(ProductScan(barcode: barcode, unitPriceFen: amount, catalogRef: 0)))
    }

    /// A GS1 GTIN-14 with a leading 0 is the EAN-13 the catalog is keyed by.
    private static func gtin13(_ gtin: String) -> String {
        gtin.count == 14 && gtin.hasPrefix("0") ? String(gtin.dropFirst()) : gtin
    }
}
