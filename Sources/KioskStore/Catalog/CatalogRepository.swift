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
            return try database.pool.read { db in try Product.fetchOne(db, key: barcode) }
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
