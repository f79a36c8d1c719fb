import KioskCore

/// What the operator's screen reads of the engine, on the station's loop.
extension StationEngine {
    /// The name the receipt gives the product with `barcode` (the catalog's, or "weighed item" and the
    /// code for an in-store label); nil when the store cannot be read.
    public func productName(barcode: String) -> String? {
        try? names.name(of: barcode)
    }

    /// Receipts waiting in the store for the printer (at least this many; see ``printsQueued``).
    public var receiptsWaiting: Int { printsQueued }
}
