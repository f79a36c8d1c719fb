import Foundation
import GRDB

/// Writes the catalog as CSV in the layout ``CatalogImporter`` reads, sorted by barcode.
public struct CatalogExporter: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The whole catalog as UTF-8 CSV text with a header line and LF line ends.
    public func csv() throws(StoreError) -> String {
        let products: [Product]
        do {
            products = try database.pool.read { db in try Product.order(Column("barcode")).fetchAll(db) }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
        return Self.csv(of: products)
    }

    /// `products` as CSV text in the import layout, in the order given: a header line, LF line ends.
    public static func csv(of products: [Product]) -> String {
        var text = CatalogCSVFormat.columns.joined(separator: ",") + "\n"
        for product in products {
            let fields = [
                product.barcode, product.name, product.unit, String(product.priceFen), product.category,
                String(product.stock),
            ]
            text += fields.map(escaped).joined(separator: ",") + "\n"
        }
        return text
    }

    /// Comma, quote, LF and CR.
    private static let bytesNeedingQuotes: Set<UInt8> = [0x2C, 0x22, 0x0A, 0x0D]

    /// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
    static func escaped(_ field: String) -> String {
        // By bytes: CR LF is one Character, equal to neither "\r" nor "\n".
        let needsQuotes = field.utf8.contains(where: bytesNeedingQuotes.contains)
        guard needsQuotes else { return field }
        // Scalar by scalar: a quote followed by a combining mark is one Character, which a
        // Character-wise replacement would leave undoubled.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
