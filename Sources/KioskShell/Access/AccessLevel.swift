/// What a technician account may do once logged in.
public enum Role: String, Sendable, CaseIterable {
    /// Read-only: status and listings.
    case stationOperator = "operator"
    /// Everything, including changes, backups, reboot.
    case technician
}

/// Who a command is open to. Ordered: each level includes the ones before it.
public enum AccessLevel: Int, Sendable, Comparable {
    /// Anyone at the terminal, logged in or not (`login`, `help`).
    case anyone
    /// A logged-in operator or technician.
    case stationOperator
    /// A logged-in technician.
    case technician

    /// The level a logged-in account with `role` has.
    public init(_ role: Role) {
        switch role {
        case .stationOperator: self = .stationOperator
        case .technician: self = .technician
        }
    }

    public static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
