import Foundation
import GRDB

/// What an accepted catalog import changed.
public struct CatalogImportSummary: Sendable, Equatable {
    /// Products in the file.
    public let rows: Int
    /// Barcodes that were not in the catalog before.
    public let inserted: Int
    /// Barcodes whose entry was replaced.
    public let updated: Int
}

/// Loads a catalog CSV (`barcode,name,unit,price_fen,category,stock`) all-or-nothing.
///
/// Every row is validated first; if any row is bad, every bad row is reported (``StoreError/catalogRejected(problems:)``)
/// and nothing is written. Otherwise all rows are upserted by barcode in one transaction.
public struct CatalogImporter: Sendable {
    /// Called with (rows written, rows in file) while importing, at most every ``progressInterval`` rows and at the end.
    public typealias Progress = (_ rowsDone: Int, _ rowsTotal: Int) -> Void

    /// How many rows are written between two progress calls.
    public static let progressInterval = 500

    private let database: KioskDatabase

    public init(database: KioskDatabase) {
        self.database = database
    }

    /// Imports the CSV file at `path`.
    public func importCSV(atPath path: String, progress: Progress? = nil) throws(StoreError) -> CatalogImportSummary {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unreadableFile(path: path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: FileSystemErrorText.reason(error))
        }
        return try importCSV(bytes: [UInt8](data), progress: progress)
    }

    /// Imports CSV bytes (UTF-8, with or without a byte-order mark).
    public func importCSV(bytes: [UInt8], progress: Progress? = nil) throws(StoreError) -> CatalogImportSummary {
        let outcome = Self.validate(bytes: bytes)
        guard outcome.problems.isEmpty else { throw .catalogRejected(problems: outcome.problems) }
        do {
            return try write(outcome.products, progress: progress)
        } catch {
            throw StoreErrorMapping.map(error, path: database.path)
        }
    }

    /// Checks CSV bytes as ``importCSV(bytes:progress:)`` does, without a database: the products an
    /// import would write, or every problem that would refuse it (sorted by line).
    public static func validate(bytes: [UInt8]) -> (products: [Product], problems: [CatalogProblem]) {
        let outcome = CatalogValidator.validate(bytes)
        return (outcome.products, outcome.problems.sorted { $0.line < $1.line })
    }

    private func write(_ products: [Product], progress: Progress?) throws -> CatalogImportSummary {
        let inserted = try database.pool.write { db in
            let before = try Product.fetchCount(db)
            let upsert = try db.makeStatement(sql: """
                INSERT INTO catalog (barcode, name, unit, price_fen, category, stock)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (barcode) DO UPDATE SET
                    name = excluded.name, unit = excluded.unit, price_fen = excluded.price_fen,
                    category = excluded.category, stock = excluded.stock
                """)
            for (index, product) in products.enumerated() {
                try upsert.execute(arguments: [
                    product.barcode, product.name, product.unit, product.priceFen, product.category, product.stock,
                ])
                if (index + 1) % Self.progressInterval == 0 { progress?(index + 1, products.count) }
            }
            return try Product.fetchCount(db) - before
        }
        progress?(products.count, products.count)
        return CatalogImportSummary(rows: products.count, inserted: inserted, updated: products.count - inserted)
    }
}
