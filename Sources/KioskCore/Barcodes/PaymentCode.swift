/// The wallet a customer's payment code (付款码) belongs to, recognised from digits and prefix.
public enum PaymentScheme: UInt8, Sendable, CaseIterable {
    /// WeChat Pay: 18 digits, prefix 10–15.
    case wechat = 1
    /// Alipay: 16–24 digits, prefix 25–30.
    case alipay = 2
    /// UnionPay QuickPass: 19 digits, prefix 62.
    case unionPay = 3

    /// The scheme of an all-digit code, or `nil` when no scheme's length and prefix match.
    static func recognise(_ digits: UnsafeRawBufferPointer) -> PaymentScheme? {
        guard digits.count >= 2,
              let high = ProductCode.digitValue(digits[0]), let low = ProductCode.digitValue(digits[1])
        else { return nil }
        let prefix = high * 10 + low
        switch (digits.count, prefix) {
        case (18, 10 ... 15): return .wechat
        case (16 ... 24, 25 ... 30): return .alipay
        case (19, 62): return .unionPay
        default: return nil
        }
    }
}

/// A customer's one-time payment code. A bearer credential: the full digits exist only in the
/// scan event and the charge effect; state, journal, receipts and logs hold ``masked`` only.
public struct PaymentCode: Hashable, Sendable {
    /// The wallet.
    public let scheme: PaymentScheme
    /// The full digits — empty when this code was decoded from the journal (masked there).
    public let digits: FixedBytes32
    /// `28****1234`: the first two and last four digits.
    public let masked: MaskedPaymentCode

    /// A payment code from its digits, or `nil` when they match no scheme.
    public init?(digits text: some StringProtocol) {
        guard let bytes = FixedBytes32(Substring(text).utf8) else { return nil }
        self.init(bytes: bytes)
    }

    init?(bytes: FixedBytes32) {
        guard bytes.isAllDigits, let scheme = bytes.withBytes({ PaymentScheme.recognise($0) }) else { return nil }
        self.scheme = scheme
        self.digits = bytes
        self.masked = MaskedPaymentCode(of: bytes)
    }

    /// A code known only by its mask (as read back from the journal).
    public init(scheme: PaymentScheme, masked: MaskedPaymentCode) {
        self.scheme = scheme
        self.digits = FixedBytes32()
        self.masked = masked
    }

    /// Whether the full digits are present (a live scan) rather than only the mask.
    public var hasDigits: Bool { digits.count > 0 }

    /// No customer code: the customer scans the station's QR for `scheme` (扫码付). Its mask is empty.
    public static func presentedQR(_ scheme: PaymentScheme) -> PaymentCode {
        PaymentCode(scheme: scheme, masked: MaskedPaymentCode(of: FixedBytes32()))
    }

    /// Whether this stands for the station's QR rather than a customer's code (see ``presentedQR(_:)``).
    public var isPresentedQR: Bool { masked.bytes.count == 0 }
}

/// A payment code reduced to `28****1234`, safe to store, log and print.
public struct MaskedPaymentCode: Hashable, Sendable {
    /// The masked text's bytes (ASCII, at most 10).
    public let bytes: FixedBytes16

    init(of digits: FixedBytes32) {
        var masked = FixedBytes16()
        if digits.count >= 6 {
            for index in 0 ..< 2 { _ = masked.append(digits[index]) }
            for _ in 0 ..< 4 { _ = masked.append(UInt8(ascii: "*")) }
            for index in digits.count - 4 ..< digits.count { _ = masked.append(digits[index]) }
        }
        bytes = masked
    }

    /// A mask read back from storage; `nil` unless it has the `NN****NNNN` shape.
    public init?(bytes: FixedBytes16) {
        guard bytes.count == 10 else { return nil }
        for index in 0 ..< 10 {
            let isStar = index >= 2 && index < 6
            let byte = bytes[index]
            guard isStar ? byte == UInt8(ascii: "*") : ProductCode.digitValue(byte) != nil else { return nil }
        }
        self.bytes = bytes
    }

    /// `"28****1234"`.
    public var text: String { bytes.text }
}
