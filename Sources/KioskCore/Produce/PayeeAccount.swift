/// The account a farmer is paid to by transfer: their Alipay login (支付宝账号), an 11-digit mobile number or
/// an e-mail address, as the payee needs it whole. The station keeps it only in its store, beside the
/// farmer; everything it prints, shows or logs uses ``masked``.
public struct PayeeAccount: Sendable, Equatable {
    /// The login as the payee is sent it.
    public let login: String

    /// The account `text` names; nil when it is neither an 11-digit mobile number starting with 1 nor an
    /// e-mail address (one `@`, a dotted domain, printable ASCII, at most 100 characters).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.count == 11, bytes.first == UInt8(ascii: "1"), bytes.allSatisfy({ ProductCode.digitValue($0) != nil }) {
            login = text
            return
        }
        guard bytes.count <= 100, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0,
              bytes.lastIndex(of: UInt8(ascii: "@")) == at
        else { return nil }
        let domain = bytes[(at + 1)...]
        guard let dot = domain.firstIndex(of: UInt8(ascii: ".")), dot > domain.startIndex,
              domain.last != UInt8(ascii: ".")
        else { return nil }
        login = text
    }

    /// `138****5678` for a mobile number, `w***@example.com` for an e-mail address.
    public var masked: String {
        if let at = login.firstIndex(of: "@") {
            return String(login[..<at].prefix(1)) + "***" + String(login[at...])
        }
        return String(login.prefix(3)) + "****" + String(login.suffix(4))
    }
}
