/// The part of the station a journal entry belongs to (`journal.domain`).
///
/// The counter's entries are encoded core events (``KioskCore/CoreEvent``), replayed into the state
/// machine at boot. A service beside the counter declares its own domain in an extension
/// (`static let parcels = JournalDomain("parcels")`) and encodes its entries its own way; the counter's
/// replay never sees them.
public struct JournalDomain: Hashable, Sendable, CustomStringConvertible {
    /// The stored name: lowercase letters and `_`.
    public let name: String

    public init(_ name: String) {
        precondition(!name.isEmpty && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) },
                     "a journal domain is named in lowercase letters and _")
        self.name = name
    }

    /// The counter: core events.
    public static let counter = JournalDomain("counter")

    public var description: String { name }
}

/// One row written by a service's journal entry, in the entry's transaction. Made only inside KioskStore
/// (SQL lives there): a service's store file offers functions that return these for its tables.
public struct StoreWrite: Sendable {
    let sql: String
    let values: [JournalValue]

    init(_ sql: String, _ values: JournalValue...) {
        self.sql = sql
        self.values = values
    }
}
