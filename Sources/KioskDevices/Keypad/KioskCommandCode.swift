/// The operator actions that a keypad function key or a scanned command barcode triggers.
/// This list is the one place their barcode strings are defined; the command sheet prints them.
public enum KioskCommandCode: String, Sendable, CaseIterable {
    case payCash = "#PAY-CASH"
    case payByCode = "#PAY-CODE"
    case payOnCredit = "#PAY-CREDIT"
    case cancel = "#CANCEL"
    case void = "#VOID"
    case quantity = "#QTY"
    case total = "#TOTAL"
    case newOrder = "#NEW-ORDER"

    /// The text of the Code 128 barcode that triggers this action.
    public var barcode: String { rawValue }

    /// The action a scanned read stands for, or `nil` when the read is an ordinary code.
    public init?(barcode: String) {
        self.init(rawValue: barcode)
    }

    /// The caption printed under the barcode on the command sheet.
    public var caption: (zhHans: String, english: String) {
        switch self {
        case .payCash: ("现金支付", "Pay cash")
        case .payByCode: ("扫码支付", "Pay by code")
        case .payOnCredit: ("赊账", "Pay on credit")
        case .cancel: ("取消", "Cancel")
        case .void: ("作废", "Void")
        case .quantity: ("数量", "Quantity")
        case .total: ("合计", "Total")
        case .newOrder: ("新订单", "New order")
        }
    }
}
