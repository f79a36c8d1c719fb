/// The barcode a biller prints on its bills, as a board describes it: fixed-width fields and literal
/// characters, e.g. `{account:10}{amount:8}` for a 10-digit account (户号) followed by the amount due in
/// fen, or `SW{account:12}{skip:6}` for a water bill whose code starts `SW`, then the account, then a
/// six-character billing period the station does not need.
///
/// Fields: `{account:N}` N letters or digits, the account (exactly one); `{amount:N}` N digits, the
/// amount due in fen (at most one, N ≤ 12); `{skip:N}` N printable characters ignored. Anything else is
/// a literal printable ASCII character the code must hold at that place. The code has a fixed length, at
/// most ``maximumLength``.
///
/// Bill barcodes reach the bills service after the scan classifier: a read the classifier calls free text
/// or digits of no known shape is matched against each biller's format (a product or payment code never is).
public struct BillBarcodeFormat: Hashable, Sendable {
    /// The longest bill barcode, bytes (the classifier's longest scan).
    public static let maximumLength = 64
    /// The most digits an amount field may have (fen: up to 9,999,999,999.99 yuan).
    public static let maximumAmountDigits = 12

    enum Part: Hashable, Sendable {
        case literal(UInt8)
        case account(Int)
        case amount(Int)
        case skip(Int)

        var width: Int {
            switch self {
            case .literal: 1
            case .account(let width), .amount(let width), .skip(let width): width
            }
        }
    }

    let parts: [Part]
    /// The length of every code of this format, bytes.
    public let length: Int
    /// The pattern as the board wrote it.
    public let pattern: String
    /// What a pattern must be, for a message about one that is not.
    public static let patternRule = "expected fixed fields like {account:10}{amount:8}, one account, at most one amount, "
        + "64 characters at most"

    /// The format `pattern` describes; nil when it is not one (see the type's description).
    public init?(pattern: String) {
        var parts: [Part] = []
        var bytes = Array(pattern.utf8)[...]
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: "}") { return nil }
            guard byte == UInt8(ascii: "{") else {
                guard byte >= 0x20, byte < 0x7F else { return nil }
                parts.append(.literal(byte))
                continue
            }
            guard let close = bytes.firstIndex(of: UInt8(ascii: "}")) else { return nil }
            let field = bytes[..<close].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            bytes = bytes[(close + 1)...]
            guard field.count == 2, field[1].count <= 2, !field[1].isEmpty,
                  field[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let width = Int(String(decoding: field[1], as: UTF8.self)), width > 0
            else { return nil }
            switch String(decoding: field[0], as: UTF8.self) {
            case "account": parts.append(.account(width))
            case "amount": parts.append(.amount(width))
            case "skip": parts.append(.skip(width))
            default: return nil
            }
        }
        let accounts = parts.filter { if case .account = $0 { true } else { false } }
        let amounts = parts.compactMap { if case .amount(let width) = $0 { width } else { nil } }
        let length = parts.reduce(0) { $0 + $1.width }
        guard accounts.count == 1, amounts.count <= 1, amounts.allSatisfy({ $0 <= Self.maximumAmountDigits }),
              length <= Self.maximumLength
        else { return nil }
        self.parts = parts
        self.length = length
        self.pattern = pattern
    }

    /// The account and amount in `code` (a scanner's read: a trailing CR, LF or TAB and a leading AIM
    /// symbology identifier `]Xn` are dropped first); nil when the code is not of this format.
    public func match(_ code: [UInt8]) -> BillBarcode? {
        var bytes = code[...]
        while let last = bytes.last, last == 0x0D || last == 0x0A || last == 0x09 { bytes = bytes.dropLast() }
        if bytes.count == length + 3, bytes.first == UInt8(ascii: "]") { bytes = bytes.dropFirst(3) }
        guard bytes.count == length else { return nil }
        var account: [UInt8] = []
        var amountFen: Int64?
        var index = bytes.startIndex
        for part in parts {
            let end = bytes.index(index, offsetBy: part.width)
            let field = bytes[index ..< end]
            index = end
            switch part {
            case .literal(let expected):
                guard field.first == expected else { return nil }
            case .account:
                guard field.allSatisfy(Self.isAlphanumeric) else { return nil }
                account = Array(field)
            case .amount:
                var fen: Int64 = 0
                for byte in field {
                    guard byte >= 0x30, byte <= 0x39 else { return nil }
                    fen = fen * 10 + Int64(byte - 0x30)
                }
                amountFen = fen
            case .skip:
                guard field.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            }
        }
        return BillBarcode(account: String(decoding: account, as: UTF8.self), amountFen: amountFen)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// What a bill's barcode says: the account, and the amount due when the biller prints it (fen).
public struct BillBarcode: Hashable, Sendable {
    public var account: String
    public var amountFen: Int64?

    public init(account: String, amountFen: Int64?) {
        self.account = account
        self.amountFen = amountFen
    }
}
