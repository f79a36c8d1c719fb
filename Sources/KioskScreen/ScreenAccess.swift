import Foundation

/// The token a screen on another machine gives to be let in: 32 random hex digits kept in the data
/// directory (`screen-token`, readable by the kiosk user only), made at the first start.
public struct ScreenAccess: Sendable {
    private let token: String

    /// Reads the token from `dataDirectory`, making it first if there is none.
    public init(dataDirectory: String) throws {
        let path = dataDirectory + "/screen-token"
        if let stored = try? String(contentsOfFile: path, encoding: .utf8),
           case let text = stored.trimmingCharacters(in: .whitespacesAndNewlines), text.utf8.count == 32 {
            token = text
            return
        }
        var generator = SystemRandomNumberGenerator()
        let made = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data((made + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        token = made
    }

    /// Whether `given` is the token, compared in constant time.
    public func admits(token given: String?) -> Bool {
        guard let given else { return false }
        let expected = Array(token.utf8)
        let offered = Array(given.utf8)
        guard expected.count == offered.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, offered) { difference |= a ^ b }
        return difference == 0
    }
}
