import CLibCrypto

/// A PIN as stored: PBKDF2-HMAC-SHA256 of the PIN with a random salt, and the parameters used.
public struct PinDigest: Sendable, Equatable {
    /// The only algorithm written so far; stored so it can change later.
    public static let algorithm = "pbkdf2-hmac-sha256"
    /// The iteration count for new PINs outside tests.
    public static let defaultIterations = 120_000
    /// Salt length in bytes.
    public static let saltLength = 16
    /// Derived key length in bytes.
    public static let hashLength = 32

    public var salt: [UInt8]
    public var hash: [UInt8]
    public var algorithm: String
    public var iterations: Int

    public init(salt: [UInt8], hash: [UInt8], algorithm: String, iterations: Int) {
        self.salt = salt
        self.hash = hash
        self.algorithm = algorithm
        self.iterations = iterations
    }

    /// Derives a digest of `pin` with a fresh random salt.
    public static func derive(pin: String, iterations: Int = defaultIterations) throws(PinError) -> PinDigest {
        var salt = [UInt8](repeating: 0, count: saltLength)
        guard RAND_bytes(&salt, Int32(saltLength)) == 1 else { throw .randomUnavailable }
        let hash = try pbkdf2(pin: pin, salt: salt, iterations: iterations)
        return PinDigest(salt: salt, hash: hash, algorithm: algorithm, iterations: iterations)
    }

    /// Whether `pin` matches, compared in constant time. An unknown algorithm never matches.
    public func matches(pin: String) -> Bool {
        guard algorithm == Self.algorithm, hash.count == Self.hashLength,
              let candidate = try? Self.pbkdf2(pin: pin, salt: salt, iterations: iterations)
        else { return false }
        return CRYPTO_memcmp(candidate, hash, Self.hashLength) == 0
    }

    private static func pbkdf2(pin: String, salt: [UInt8], iterations: Int) throws(PinError) -> [UInt8] {
        guard iterations > 0, iterations <= Int(Int32.max) else { throw .badParameters }
        var output = [UInt8](repeating: 0, count: hashLength)
        let pinBytes = Array(pin.utf8)
        let status = pinBytes.withUnsafeBufferPointer { pinBuffer in
            pinBuffer.withMemoryRebound(to: CChar.self) { pinChars in
                PKCS5_PBKDF2_HMAC(
                    pinChars.baseAddress, Int32(pinChars.count), salt, Int32(salt.count),
                    Int32(iterations), EVP_sha256(), Int32(hashLength), &output
                )
            }
        }
        guard status == 1 else { throw .badParameters }
        return output
    }
}

/// Why a PIN could not be set or derived.
public enum PinError: Error, Equatable, Sendable {
    /// Not 4 to 8 ASCII digits.
    case invalidFormat
    /// The two entries differ.
    case mismatch
    /// OpenSSL could not produce random bytes.
    case randomUnavailable
    /// OpenSSL refused the KDF parameters.
    case badParameters
}

/// The PIN format: 4 to 8 ASCII digits.
public enum PinFormat {
    public static let lengths = 4...8

    /// Returns `pin` if it is 4 to 8 ASCII digits.
    public static func validate(_ pin: String) throws(PinError) -> String {
        let bytes = Array(pin.utf8)
        guard lengths.contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidFormat
        }
        return pin
    }
}
