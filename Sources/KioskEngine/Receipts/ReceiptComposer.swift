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
    let footer: String?
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
        receipt.twoColumns(zh ? "时间" : "Time", BeijingDate.timestamp(epochMs: order.createdAtMs))
        if order.kind == "assisted" {
            receipt.line(zh ? "代购订单" : "Assisted order")
            if let name = order.villagerName {
                receipt.twoColumns(zh ? "取件人" : "For", name + " " + Self.maskedPhone(order.villagerPhone ?? ""))
            }
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
        for payment in payments where payment.state == .approved {
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
        // The order's barcode, for finding it again at the counter; on narrow paper a long station id
        // leaves only the order's own number.
        if (try? receipt.code128(order.orderNumber)) == nil {
            try? receipt.code128(String(order.id))
        }
        try? receipt.qrCode("KIOSK:\(order.orderNumber):\(order.totalFen)")
        receipt.align(.center)
        receipt.line(footer ?? (zh ? "谢谢惠顾，欢迎再来" : "Thank you, come again"))
        receipt.feed(lines: 2)
        receipt.cut()
        return receipt.bytes
    }

    /// `138****1234`: enough for the villager to recognise, not enough to copy off a dropped receipt.
    static func maskedPhone(_ phone: String) -> String {
        guard phone.count >= 7 else { return phone }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }

    /// The slip of a void's refunds: what went back, how, when, and who authorised it. The villager keeps
    /// it; the drawer's count finds the cash that left.
    func refundSlip(order: OrderRow, refunds: [Refund], atMs: Int64, authorisedBy: Authorisation?) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(header)
        slip.size(width: 2, height: 2)
        slip.line(zh ? "退款单" : "REFUND")
        slip.size()
        slip.bold(false)
        slip.align(.left)
        slip.twoColumns(zh ? "单号" : "Order", order.orderNumber)
        slip.twoColumns(zh ? "退款时间" : "Time", BeijingDate.timestamp(epochMs: atMs))
        slip.rule()
        for refund in refunds {
            slip.twoColumns(Self.methodName(refund.method, zh: zh), ReceiptBuilder.money(fen: refund.amountFen))
        }
        slip.rule()
        slip.bold(true)
        slip.twoColumns(zh ? "退款合计" : "REFUNDED", ReceiptBuilder.money(fen: refunds.reduce(0) { $0 + $1.amountFen }))
        slip.bold(false)
        if let authorisedBy {
            slip.twoColumns(zh ? "授权工号" : "Authorised by", "\(authorisedBy.staffID)")
        }
        slip.feed(lines: 2)
        slip.cut()
        return slip.bytes
    }

    /// A credit account's statement (赊账对账单): the sales charged to it and the repayments, oldest first,
    /// what is owed and what is left of the limit. The villager keeps it.
    func creditStatement(account: CreditAccountListing, charges: [CreditChargeListing],
                         repayments: [CreditRepaymentListing], atMs: Int64) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(header)
        slip.size(width: 2, height: 2)
        slip.line(zh ? "赊账对账单" : "CREDIT STATEMENT")
        slip.size()
        slip.bold(false)
        slip.align(.left)
        slip.twoColumns(zh ? "账户" : "Account", "#\(account.id) \(account.villagerName)")
        if let phone = account.maskedPhone { slip.twoColumns(zh ? "电话" : "Phone", phone) }
        slip.twoColumns(zh ? "打印时间" : "Printed", BeijingDate.timestamp(epochMs: atMs))
        slip.rule()
        for charge in charges {
            let voided = charge.state == OrderPhase.voided.storedName
            slip.line("\(BeijingDate.timestamp(epochMs: charge.at_ms)) \(charge.orderNumber)")
            slip.twoColumns(voided ? (zh ? "  赊账（已退）" : "  charged (refunded)") : (zh ? "  赊账" : "  charged"),
                            ReceiptBuilder.money(fen: charge.credit_fen))
        }
        for repayment in repayments {
            slip.line(BeijingDate.timestamp(epochMs: repayment.at_ms))
            slip.twoColumns("  " + Self.repaymentName(repayment.method, zh: zh), "-" + ReceiptBuilder.money(fen: repayment.amount_fen))
        }
        slip.rule()
        slip.bold(true)
        slip.twoColumns(zh ? "尚欠" : "OWED", ReceiptBuilder.money(fen: account.balance_fen))
        slip.bold(false)
        slip.twoColumns(zh ? "额度" : "Limit", ReceiptBuilder.money(fen: account.limit_fen))
        slip.twoColumns(zh ? "可用" : "Available", ReceiptBuilder.money(fen: max(0, account.limit_fen - account.balance_fen)))
        slip.feed(lines: 2)
        slip.cut()
        return slip.bytes
    }

    /// A repayment's line on the statement, by how it was paid (``CreditRepaymentRow/method``).
    static func repaymentName(_ method: String, zh: Bool) -> String {
        switch method {
        case "wechat": zh ? "还款（微信）" : "repaid (WeChat)"
        case "alipay": zh ? "还款（支付宝）" : "repaid (Alipay)"
        case "unionpay": zh ? "还款（云闪付）" : "repaid (UnionPay)"
        default: zh ? "还款（现金）" : "repaid (cash)"
        }
    }

    /// How money went back, as a slip and the audit trail name it.
    static func methodName(_ method: Refund.Method, zh: Bool) -> String {
        switch method {
        case .cash: zh ? "退现金" : "cash"
        case .paymentCode: zh ? "原路退回" : "to the customer's wallet"
        case .stationCredit: zh ? "退回赊账" : "to the credit account"
        }
    }

    private func methodLabel(_ payment: PaymentRow, _ zh: Bool) -> String {
        switch payment.method {
        case "cash": return zh ? "现金" : "Cash"
        case "credit": return zh ? "赊账" : "Station credit"
        default:
            // A payment QR (扫码付) is the only code payment with no customer code to show.
            let code = payment.maskedCode ?? (zh ? "扫码付" : "by QR")
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
