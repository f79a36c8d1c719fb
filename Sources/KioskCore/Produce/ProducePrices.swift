/// The price per kilogram the station pays, by produce and grade, in one version of the table (the
/// board's data now, the county's later). A purchase records the version it was priced by.
public struct ProducePriceTable: Sendable, Equatable {
    /// One price: `produce` (e.g. `walnut`), `grade` (e.g. `A`), fen per kilogram.
    public struct Entry: Sendable, Equatable {
        public let produce: String
        public let grade: String
        public let fenPerKg: Int64
        /// The GTIN lots of this produce are labelled with (14 digits, check digit valid).
        public let gtin: String

        public init(produce: String, grade: String, fenPerKg: Int64, gtin: String) {
            self.produce = produce
            self.grade = grade
            self.fenPerKg = fenPerKg
            self.gtin = gtin
        }
    }

    public let version: Int64
    public let entries: [Entry]

    /// A table; nil when a price is negative, a GTIN is invalid or a produce and grade appear twice.
    public init?(version: Int64, entries: [Entry]) {
        var seen: Set<String> = []
        for entry in entries {
            guard entry.fenPerKg >= 0, entry.gtin.utf8.count == 14, ProductCode.isValidGTIN(entry.gtin),
                  seen.insert(entry.produce + "\u{0}" + entry.grade).inserted
            else { return nil }
        }
        self.version = version
        self.entries = entries
    }

    public func price(produce: String, grade: String) -> Entry? {
        entries.first { $0.produce == produce && $0.grade == grade }
    }
}

/// Container tare by container type (basket, sack, crate), in grams.
public struct ContainerTares: Sendable, Equatable {
    public let gramsByContainer: [String: Int64]

    public init(_ gramsByContainer: [String: Int64]) {
        self.gramsByContainer = gramsByContainer
    }
}
