import KioskCore
import KioskStore

/// Turns a scanner read into what the core understands: a product found in the catalog, a
/// customer's payment code, or a command barcode. Reads the core cannot use become a notice.
struct ScanTranslator {
    let catalog: CatalogRepository
    let names: ProductNames

    enum Translation: Equatable {
        case action(CoreAction)
        case notice(StationNotice)
    }

    func translate(_ code: ScannedCode) throws(StoreError) -> Translation {
        switch ScanClassifier.classify(code.content, symbology: code.symbology) {
        case .product(let code):
            return try productScan(barcode: code.digits.text, priceOverride: nil)
        case .gs1(let data):
            return try productScan(barcode: Self.gtin13(data.gtin.text), priceOverride: data.priceFen)
        case .scaleLabel(let label):
            guard let barcode = FixedBytes32(label.digits.text.utf8) else { return .notice(.scanRejected(.tooLong)) }
            return .action(.productScanned(ProductScan(barcode: barcode, unitPriceFen: label.priceFen, catalogRef: 0)))
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

    /// A GS1 GTIN-14 with a leading 0 is the EAN-13 the catalog is keyed by.
    private static func gtin13(_ gtin: String) -> String {
        gtin.count == 14 && gtin.hasPrefix("0") ? String(gtin.dropFirst()) : gtin
    }
}
