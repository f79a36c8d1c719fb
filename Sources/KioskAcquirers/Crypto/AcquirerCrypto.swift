import CLibCrypto
import Foundation

/// The acquirers' cryptography, all from OpenSSL's libcrypto: HMAC-SHA256 (WeChat Pay v2), SHA256withRSA
/// (Alipay's RSA2) and nonces.
public enum AcquirerCrypto {
    /// HMAC-SHA256 of `message` under `key`, as uppercase hexadecimal (WeChat Pay's `sign`).
    public static func hmacSHA256UppercaseHex(key: [UInt8], message: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                     messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                     &digest, &length)
            }
        }
        precondition(done != nil && length == 32, "HMAC-SHA256 failed in libcrypto")
        return digest.prefix(Int(length)).map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0x0F)] }.joined()
    }

    private static let hexDigits = (0 ..< 16).map { String($0, radix: 16, uppercase: true) }

    /// Whether two byte strings are equal, in time that depends only on their lengths.
    public static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// 32 random letters and digits from the system's generator (WeChat's `nonce_str`).
    public static func nonce() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        precondition(RAND_bytes(&bytes, Int32(bytes.count)) == 1, "libcrypto has no randomness")
        return bytes.map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0x0F)] }.joined()
    }
}

/// Why a key could not be used. Names the file, never its content.
public enum AcquirerKeyError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case empty(path: String)
    case notPEM(path: String, expected: String)
    case notRSA(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the key file \(path)"
        case .empty(let path): "the key file \(path) is empty"
        case .notPEM(let path, let expected): "the key file \(path) does not hold \(expected) in PEM"
        case .notRSA(let path): "the key in \(path) is not an RSA key (Alipay's RSA2 needs one)"
        }
    }
}

/// An RSA private key (the app's, for Alipay's RSA2 request signatures), loaded from PEM.
public final class RSAPrivateKey: @unchecked Sendable {
    /// Owned; freed in `deinit`. libcrypto's keys may be used from several threads for signing.
    private let key: OpaquePointer

    /// Reads a PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM; the bare base64 that
    /// Alipay's key tool writes is taken as PKCS#8. `path` only names the key in errors.
    public init(pem: [UInt8], path: String) throws(AcquirerKeyError) {
        let text = PEMText.wrapped(pem, label: "PRIVATE KEY")
        guard let key = PEMText.withBIO(text, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            throw .notPEM(path: path, expected: "an RSA private key")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw .notRSA(path: path)
        }
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// SHA256withRSA (PKCS#1 v1.5) over `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto is out of memory") }
        defer { EVP_MD_CTX_free(context) }
        precondition(EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1, "RSA signing refused its key")
        var length = 0
        return message.withUnsafeBufferPointer { input in
            precondition(EVP_DigestSign(context, nil, &length, input.baseAddress, input.count) == 1, "RSA signing failed")
            var signature = [UInt8](repeating: 0, count: length)
            precondition(EVP_DigestSign(context, &signature, &length, input.baseAddress, input.count) == 1,
                         "RSA signing failed")
            return Array(signature.prefix(length))
        }
    }
}

/// An RSA public key (Alipay's, for the answers' RSA2 signatures), loaded from PEM.
public final class RSAPublicKey: @unchecked Sendable {
    private let key: OpaquePointer

    /// Reads a `BEGIN PUBLIC KEY` PEM, or the bare base64 Alipay's console shows.
    public init(pem: [UInt8], path: String) throws(AcquirerKeyError) {
        let text = PEMText.wrapped(pem, label: "PUBLIC KEY")
        guard let key = PEMText.withBIO(text, { PEM_read_bio_PUBKEY($0, nil, nil, nil) }) else {
            throw .notPEM(path: path, expected: "an RSA public key")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw .notRSA(path: path)
        }
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// Whether `signature` is a SHA256withRSA signature of `message` by this key's owner.
    public func verify(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        let verified = message.withUnsafeBufferPointer { input in
            signature.withUnsafeBufferPointer { sig in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, input.baseAddress, input.count)
            }
        }
        // A failed verification leaves an error on the thread's queue; it says nothing we need.
        ERR_clear_error()
        return verified == 1
    }
}

/// PEM text handed to libcrypto through a memory BIO.
enum PEMText {
    /// `pem` as is when it has a `-----BEGIN` line, else the bare base64 wrapped under `label`.
    static func wrapped(_ pem: [UInt8], label: String) -> [UInt8] {
        let text = String(decoding: pem, as: UTF8.self)
        if text.contains("-----BEGIN") { return pem }
        let body = text.filter { !$0.isWhitespace }
        var lines: [String] = []
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return Array("-----BEGIN \(label)-----\n\(lines.joined(separator: "\n"))\n-----END \(label)-----\n".utf8)
    }

    static func withBIO(_ bytes: [UInt8], _ body: (OpaquePointer) -> OpaquePointer?) -> OpaquePointer? {
        bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            let result = body(bio)
            ERR_clear_error()
            return result
        }
    }
}
