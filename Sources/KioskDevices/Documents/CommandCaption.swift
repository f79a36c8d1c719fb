import KioskCore

extension CommandCode {
    /// The caption printed under the command's barcode on the command sheet.
    public var caption: (zhHans: String, english: String) {
        switch self {
        case .newOrder: ("新订单", "New order")
        case .total: ("合计", "Total")
        case .payCash: ("现金支付", "Pay cash")
        case .payCode: ("扫码支付", "Pay by code")
        case .payCredit: ("赊账", "Pay on credit")
        case .quantity: ("数量", "Quantity")
        case .void: ("作废", "Void")
        case .removeLastLine: ("删除上一行", "Remove last line")
        case .cancel: ("取消订单", "Cancel order")
        case .confirmReceipt: ("确认小票", "Confirm receipt")
        case .reprint: ("重打小票", "Reprint receipt")
        case .clearEntry: ("清除输入", "Clear entry")
        case .dayClose: ("日结", "Close the day")
        case .presentWeChatQR: ("微信收款码", "WeChat QR")
        case .presentAlipayQR: ("支付宝收款码", "Alipay QR")
        }
    }

    /// The barcode text as a `String` (``barcode`` is a `StaticString` so the core never allocates).
    public var barcodeText: String { barcode.description }
}
