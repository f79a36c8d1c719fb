/// The catalog CSV layout shared by import and export.
public enum CatalogCSVFormat {
    /// The header line, and the order of the columns.
    public static let columns = ["barcode", "name", "unit", "price_fen", "category", "stock"]
}
