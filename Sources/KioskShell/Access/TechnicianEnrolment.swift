/// Adds technician accounts (`kiosk tech add NAME`): validates the name and PIN, derives the digest, stores it.
public enum TechnicianEnrolment {
    /// Why an account was not added.
    public enum Failure: Error, Equatable, Sendable {
        case invalidName(String)
        case pin(PinError)
        case duplicate(String)
    }

    /// Adds `name` with `role` and `pin`, which must equal `confirmation`. `iterations` is the PBKDF2 cost
    /// (tests pass a small one explicitly).
    public static func add(
        name: String, role: Role, pin: String, confirmation: String, into store: any ShellAccountStore,
        now_ms: Int64, iterations: Int = PinDigest.defaultIterations
    ) throws -> TechnicianAccount {
        guard TechnicianAccount.isValidName(name) else { throw Failure.invalidName(name) }
        do {
            let valid = try PinFormat.validate(pin)
            guard valid == confirmation else { throw PinError.mismatch }
            let account = TechnicianAccount(name: name, role: role, pin: try PinDigest.derive(pin: valid, iterations: iterations))
            try store.addAccount(account, createdAt_ms: now_ms)
            return account
        } catch let error as PinError {
            throw Failure.pin(error)
        } catch ShellStoreError.duplicateAccount(let taken) {
            throw Failure.duplicate(taken)
        }
    }
}
