/// A person allowed into the maintenance shell, as stored in the `technicians` table.
public struct TechnicianAccount: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var pin: PinDigest
    /// Consecutive failed logins since the last success or lockout expiry.
    public var failedAttempts: Int
    /// Wall-clock time (ms since 1970) until which logins are refused, if locked.
    public var lockedUntil_ms: Int64?

    public init(name: String, role: Role, pin: PinDigest, failedAttempts: Int = 0, lockedUntil_ms: Int64? = nil) {
        self.name = name
        self.role = role
        self.pin = pin
        self.failedAttempts = failedAttempts
        self.lockedUntil_ms = lockedUntil_ms
    }

    /// Account names: 1 to 32 ASCII letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...32).contains(bytes.count) && bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}
