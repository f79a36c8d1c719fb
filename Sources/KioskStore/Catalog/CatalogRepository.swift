import GRDB

/// Reads the catalog: what the counter looks up for every scan.
public struct CatalogRepository: Sendable {
    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// The product with this barcode, or nil if the catalog has none.
    public func find(barcode: String) throws(StoreError) -> Product? {
        do {
            // Every scan looks a product up: a cached statement (building the query each time cost
            // more than the lookup), on the writer, whose page cache the engine's commits keep current
            // (a reader connection reloads the pages each commit changed).
            // Columns are read by position, which costs less than by name.
            return try database.pool.writeWithoutTransaction { db in
                try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT barcode, name, unit, price_fen, category, stock FROM catalog WHERE barcode = ?
                    """), arguments: [barcode]).map { row in
                    Product(barcode: row[0], name: row[1], unit: row[2], priceFen: row[3], category: row[4],
                            stock: row[5])
                }
            }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    /// How many products the catalog holds.
    public func count() throws(StoreError) -> Int {
        do {
            return try database.pool.read { db in try Product.fetchCount(db) }
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }
}
