import KioskCore

extension KeypadAction {
    /// The command barcode a function key mapped to this action stands for: a key and a scan of the
    /// command sheet do the same thing.
    public var command: CommandCode {
        switch self {
        case .newOrder: .newOrder
        case .total: .total
        case .payCash: .payCash
        case .payCode: .payCode
        case .payCredit: .payCredit
        case .quantity: .quantity
        case .voidLine: .void
        case .removeLastLine: .removeLastLine
        case .cancel: .cancel
        case .confirm: .confirmReceipt
        case .reprint: .reprint
        case .clear: .clearEntry
        case .dayClose: .dayClose
        case .presentWeChatQR: .presentWeChatQR
        case .presentAlipayQR: .presentAlipayQR
        }
    }
}
