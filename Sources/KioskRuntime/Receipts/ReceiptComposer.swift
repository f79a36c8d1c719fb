import KioskCore
import KioskDevices
import KioskStore

/// Lays out a sale's receipt for the board's printer, in the station's language.
///
/// Built from the stored rows, so a receipt printed at recovery (marked `补打 REPRINT`) says exactly
/// what the first one would have. Deterministic: the same rows give the same bytes.
struct ReceiptComposer {
    let printer: PrinterConfiguration
    let header: String
    let stationID: String
    let locale: OperatorLocale

    func compose(order: OrderRow, lines: [OrderLineRow], payments: [PaymentRow], isReprint: Bool) -> [UInt8] {
        let zh = locale == .zhHans
        var receipt = ReceiptBuilder(configuration: printer)
        receipt.align(.center)
        receipt.bold(true)
        receipt.size(width: 2, height: 2)
        receipt.line(header)
        receipt.size()
        receipt.bold(false)
        if isReprint {
            receipt.bold(true)
            receipt.line(zh ? "补打 REPRINT" : "REPRINT 补打")
            receipt.bold(false)
        }
        receipt.line((zh ? "站点 " : "Station ") + stationID)
        receipt.align(.left)
        receipt.twoColumns(zh ? "单号" : "Order", order.orderNumber)
        receipt.twoColumns(zh ? "时间" : "Time", ChinaTime.format(ms: order.createdAtMs))
        if order.kind == "assisted" {
            receipt.line(zh ? "代购订单" : "Assisted order")
        }
        receipt.rule()
        for line in lines {
            receipt.line(line.name)
            receipt.twoColumns("  \(line.quantity) × \(ReceiptBuilder.money(fen: line.unitPriceFen))",
                               ReceiptBuilder.money(fen: line.lineTotalFen))
        }
        receipt.rule()
        receipt.bold(true)
        receipt.twoColumns(zh ? "合计" : "TOTAL", ReceiptBuilder.money(fen: order.totalFen))
        receipt.bold(false)
        for payment in payments where payment.state == "approved" {
            receipt.twoColumns(methodLabel(payment, zh), ReceiptBuilder.money(fen: payment.amountFen))
        }
        if order.cashFen > 0 {
            receipt.twoColumns(zh ? "收现金" : "Cash tendered", ReceiptBuilder.money(fen: order.cashFen))
            receipt.twoColumns(zh ? "找零" : "Change", ReceiptBuilder.money(fen: order.changeFen))
        }
        if let pickupCode = order.pickupCode {
            receipt.rule()
            receipt.align(.center)
            receipt.bold(true)
            receipt.size(width: 2, height: 2)
            receipt.line((zh ? "取件码 " : "Pickup ") + pickupCode)
            receipt.size()
            receipt.bold(false)
        }
        receipt.align(.center)
        try? receipt.code128(order.orderNumber)
        try? receipt.qrCode("KIOSK:\(order.orderNumber):\(order.totalFen)")
        receipt.line(zh ? "谢谢惠顾，欢迎再来" : "Thank you, come again")
        receipt.feed(lines: 2)
        receipt.cut()
        return receipt.bytes
    }

    private func methodLabel(_ payment: PaymentRow, _ zh: Bool) -> String {
        switch payment.method {
        case "cash": return zh ? "现金" : "Cash"
        case "credit": return zh ? "赊账" : "Station credit"
        default:
            let code = payment.maskedCode ?? ""
            let scheme: String
            switch payment.method {
            case "wechat": scheme = zh ? "微信支付" : "WeChat Pay"
            case "alipay": scheme = zh ? "支付宝" : "Alipay"
            case "unionpay": scheme = zh ? "云闪付" : "UnionPay"
            default: scheme = zh ? "扫码支付" : "Code payment"
            }
            return "\(scheme) \(code)"
        }
    }
}

/// Beijing time (UTC+8, no daylight saving) from milliseconds since the epoch, without a time-zone
/// database: a station's receipt shows the same time on every machine.
enum ChinaTime {
    static func format(ms: Int64) -> String {
        let seconds = ms / 1000 + 8 * 3600
        let days = Int(seconds.floorDivided(by: 86_400))
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return "\(year)-\(pad(month))-\(pad(day)) \(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
