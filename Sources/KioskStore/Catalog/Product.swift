import GRDB

/// A catalog entry: what a scanned barcode sells as, at what price, and how many are on the shelf.
public struct Product: Sendable, Equatable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table the catalog lives in.
    public static let databaseTableName = "catalog"

    /// The EAN-13, EAN-8 or UPC-A code, as the scanner reads it.
    public var barcode: String
    /// The product name (usually Chinese).
    public var name: String
    /// The selling unit (袋, 瓶, 张, kg…).
    public var unit: String
    /// The price of one unit, in fen.
    public var priceFen: Int64
    /// A free-form category (日化, 粮油…).
    public var category: String
    /// Units on hand.
    public var stock: Int64

    public init(barcode: String, name: String, unit: String, priceFen: Int64, category: String, stock: Int64) {
        self.barcode = barcode
        self.name = name
        self.unit = unit
        self.priceFen = priceFen
        self.category = category
        self.stock = stock
    }

    /// Reads a catalog row by column (every scan does this: faster than going through `Decodable`).
    public init(row: Row) {
        barcode = row["barcode"]
        name = row["name"]
        unit = row["unit"]
        priceFen = row["price_fen"]
        category = row["category"]
        stock = row["stock"]
    }

    enum CodingKeys: String, CodingKey {
        case barcode, name, unit
        case priceFen = "price_fen"
        case category, stock
    }
}
