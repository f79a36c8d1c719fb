import ArgumentParser
import Foundation
import KioskStore

/// `kiosk catalog …`: load, save and look up the product catalog.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Import, export and look up the product catalog (商品目录).",
        subcommands: [Import.self, Export.self, Find.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a catalog CSV all-or-nothing (barcode,name,unit,price_fen,category,stock).",
            discussion: "Every row is checked first; any bad row is reported by line number and nothing is imported."
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: ArgumentHelp("The UTF-8 CSV file to import.", valueName: "file.csv"))
        var file: String

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                try reportingBadCatalogRows { () throws(StoreError) in try importCatalog(into: database) }
            }
        }

        private func importCatalog(into database: KioskDatabase) throws(StoreError) {
            let progressBar = ImportProgressBar.forStandardError()
            let summary = try CatalogImporter(database: database).importCSV(atPath: file, progress: progressBar?.show)
            print("imported \(summary.rows) products (\(summary.inserted) new, \(summary.updated) updated)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the catalog as CSV, in the layout import reads.")

        @OptionGroup var storage: DataDirectoryOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let csv = try CatalogExporter(database: database).csv()
                guard let output else {
                    FileHandle.standardOutput.write(Data(csv.utf8))
                    return
                }
                do {
                    try Data(csv.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw CommandFailure("cannot write \(output): \((error as NSError).localizedDescription)")
                }
            }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the product with this barcode (exit 1 if none).")

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: "The barcode as the scanner reads it.")
        var barcode: String

        func run() throws {
            try reportingFailures {
                let database = try storage.openDatabase()
                defer { try? database.close() }
                guard let product = try CatalogRepository(database: database).find(barcode: barcode) else {
                    throw CommandFailure("barcode \(barcode) not found")
                }
                print("""
                    barcode   \(product.barcode)
                    name      \(product.name)
                    price     \(Self.yuan(fen: product.priceFen)) / \(product.unit)
                    category  \(product.category)
                    stock     \(product.stock)\(product.stock <= Self.lowStock ? "  (low 库存不足: sales go on, restock soon)" : "")
                    """)
            }
        }

        /// At or below this many a product is reported as low on stock (never refused: stock is counted,
        /// not a limit on selling).
        static let lowStock: Int64 = 5

        /// Full-width ￥, which GBK printer fonts also have, and two decimals: 1860 fen → ￥18.60.
        static func yuan(fen: Int64) -> String {
            let cents = fen.magnitude % 100
            return (fen < 0 ? "-" : "") + "￥\(fen.magnitude / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
        }
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and the file is large.
final class ImportProgressBar {
    private static let minimumRows = 1_000
    private static let width = 30

    /// A bar when stderr is a terminal, else nil so pipes and logs stay clean.
    static func forStandardError() -> ImportProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ImportProgressBar() : nil
    }

    func show(rowsDone: Int, rowsTotal: Int) {
        guard rowsTotal >= Self.minimumRows, rowsTotal > 0 else { return }
        let filled = Self.width * rowsDone / rowsTotal
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: Self.width - filled)
        let ending = rowsDone == rowsTotal ? "\n" : ""
        FileHandle.standardError.write(Data("\r[\(bar)] \(rowsDone)/\(rowsTotal)\(ending)".utf8))
    }
}
