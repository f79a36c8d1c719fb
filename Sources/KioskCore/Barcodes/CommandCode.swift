/// Command barcodes printed on the operator's card (`#PAY-CASH`, `#TOTAL`, …): scanning one is
/// the same as pressing the function key. The machine interprets them in the current context.
public enum CommandCode: UInt8, Sendable, CaseIterable {
    /// `#NEW-ORDER`: open a counter sale.
    case newOrder = 1
    /// `#TOTAL`: close the line list and ask for payment.
    case total = 2
    /// `#PAY-CASH`: tender the keypad entry (yuan) in cash; no entry means exactly the amount due.
    case payCash = 3
    /// `#PAY-CODE`: the next payment code scanned pays the amount due (a code scanned at the
    /// tender step works without this too).
    case payCode = 4
    /// `#PAY-CREDIT`: charge the amount due to the station credit account keyed in (赊账).
    case payCredit = 5
    /// `#QTY`: the keypad entry becomes the quantity of the last line.
    case quantity = 6
    /// `#VOID`: with a keypad entry, void that line number; on a paid order, void the order
    /// (needs an authorisation first).
    case void = 7
    /// `#DEL-LAST`: remove the last line (short enough for 58 mm paper, like every command barcode).
    case removeLastLine = 8
    /// `#CANCEL`: cancel the current order (before payment).
    case cancel = 9
    /// `#CONFIRM`: the receipt was handed over.
    case confirmReceipt = 10
    /// `#REPRINT`: print the receipt again.
    case reprint = 11
    /// `#CLEAR`: clear the keypad entry.
    case clearEntry = 12
    /// `#DAY-CLOSE`: the day's close at the counter (日结), handled by the station beside the machine: each
    /// press takes the pieces keyed for the next note or coin of the blind count, then closes the day.
    case dayClose = 13
    /// `#QR-WECHAT`: the customer display shows the station's WeChat Pay QR for the amount due (扫码付);
    /// the customer scans it with WeChat. `#CANCEL` while it shows closes it.
    case presentWeChatQR = 14
    /// `#QR-ALIPAY`: the same with an Alipay QR.
    case presentAlipayQR = 15

    /// The text printed in the command barcode.
    public var barcode: StaticString {
        switch self {
        case .newOrder: "#NEW-ORDER"
        case .total: "#TOTAL"
        case .payCash: "#PAY-CASH"
        case .payCode: "#PAY-CODE"
        case .payCredit: "#PAY-CREDIT"
        case .quantity: "#QTY"
        case .void: "#VOID"
        case .removeLastLine: "#DEL-LAST"
        case .cancel: "#CANCEL"
        case .confirmReceipt: "#CONFIRM"
        case .reprint: "#REPRINT"
        case .clearEntry: "#CLEAR"
        case .dayClose: "#DAY-CLOSE"
        case .presentWeChatQR: "#QR-WECHAT"
        case .presentAlipayQR: "#QR-ALIPAY"
        }
    }

    /// The command whose barcode text is exactly `bytes`, or `nil`.
    static func recognise(_ bytes: UnsafeRawBufferPointer) -> CommandCode? {
        for command in allCases {
            let text = command.barcode
            let matches = text.withUTF8Buffer { UnsafeRawBufferPointer($0).elementsEqual(bytes) }
            if matches { return command }
        }
        return nil
    }
}
