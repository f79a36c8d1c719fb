import KioskCore
import KioskDevices

/// The papers a bill gives the villager, in the station's language, for the board's printer (GB18030,
/// 58 or 80 mm): the proof of payment with a QR code of the biller's reference; the 处理中 slip while the
/// biller has not confirmed, which says it is not a proof; the slip of the money given back.
struct BillDocuments {
    let printer: PrinterConfiguration
    let header: String
    let stationID: String
    let locale: OperatorLocale

    /// The proof: biller, masked account and holder, amount, the biller's reference and its QR, the time.
    func proof(_ bill: Bill, billerName: String, isReprint: Bool) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = start(title: zh ? "缴费凭证" : "BILL PAID", isReprint: isReprint)
        details(&slip, bill, billerName: billerName, zh: zh)
        slip.twoColumns(zh ? "缴费流水号" : "Reference", bill.reference ?? "")
        slip.twoColumns(zh ? "缴费时间" : "Paid", BeijingDate.timestamp(epochMs: bill.settledAtMs))
        slip.align(.center)
        if let reference = bill.reference { try? slip.qrCode(reference) }
        slip.line(zh ? "缴费成功" : "Payment confirmed by the biller")
        return finish(slip)
    }

    /// The 处理中 slip: paid at the counter, not yet confirmed by the biller; the proof follows.
    func pendingSlip(_ bill: Bill, billerName: String) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = start(title: zh ? "处理中" : "PROCESSING", isReprint: false)
        slip.align(.center)
        slip.bold(true)
        slip.line(zh ? "本单不是缴费凭证" : "This is not a proof of payment")
        slip.bold(false)
        slip.align(.left)
        details(&slip, bill, billerName: billerName, zh: zh)
        slip.twoColumns(zh ? "收款时间" : "Paid here", BeijingDate.timestamp(epochMs: bill.paidAtMs))
        slip.rule()
        slip.line(zh ? "缴费机构正在处理。结果出来后，凭手机号或户号到本站补打凭证；失败将原路退款。"
                     : "The biller is processing it. Ask for the proof later with the phone or account number; "
                        + "if it fails, the money goes back the way it was paid.")
        return finish(slip)
    }

    /// The slip of a bill given up on the biller: not a proof; the station holds the money until the
    /// technician has the biller's answer, then hands over the proof or gives the money back.
    func givenUpSlip(_ bill: Bill, billerName: String) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = start(title: zh ? "缴费未确认" : "NOT CONFIRMED", isReprint: false)
        slip.align(.center)
        slip.bold(true)
        slip.line(zh ? "本单不是缴费凭证" : "This is not a proof of payment")
        slip.bold(false)
        slip.align(.left)
        details(&slip, bill, billerName: billerName, zh: zh)
        slip.twoColumns(zh ? "收款时间" : "Paid here", BeijingDate.timestamp(epochMs: bill.paidAtMs))
        slip.rule()
        let amount = ReceiptBuilder.money(fen: bill.amountFen)
        slip.line(zh ? "缴费机构超时未确认。款项 \(amount) 由本站保管，技术员与缴费机构核实后，凭本单领取缴费凭证或原路退款。"
                     : "The biller has not confirmed in time. The station holds \(amount) until the technician has the "
                        + "biller's answer: then this slip gets you the proof, or the money back the way it was paid.")
        return finish(slip)
    }

    /// The slip of a bill the biller refused: what went back, and how.
    func refundSlip(_ bill: Bill, billerName: String, refunds: [Refund], atMs: Int64) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = start(title: zh ? "缴费失败 退款" : "BILL FAILED · REFUND", isReprint: false)
        details(&slip, bill, billerName: billerName, zh: zh)
        // The reason is the biller's text, of any length: a line of its own, wrapped.
        slip.line((zh ? "失败原因: " : "Reason: ") + (bill.failureReason ?? ""))
        slip.twoColumns(zh ? "退款时间" : "Time", BeijingDate.timestamp(epochMs: atMs))
        slip.rule()
        for refund in refunds {
            slip.twoColumns(ReceiptComposer.methodName(refund.method, zh: zh), ReceiptBuilder.money(fen: refund.amountFen))
        }
        slip.bold(true)
        slip.twoColumns(zh ? "退款合计" : "REFUNDED", ReceiptBuilder.money(fen: refunds.reduce(0) { $0 + $1.amountFen }))
        slip.bold(false)
        return finish(slip)
    }

    private func start(title: String, isReprint: Bool) -> ReceiptBuilder {
        let zh = locale == .zhHans
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(header)
        slip.size(width: 2, height: 2)
        slip.line(title)
        slip.size()
        if isReprint { slip.line(zh ? "补打 REPRINT" : "REPRINT 补打") }
        slip.bold(false)
        slip.line((zh ? "站点 " : "Station ") + stationID)
        slip.align(.left)
        slip.rule()
        return slip
    }

    private func details(_ slip: inout ReceiptBuilder, _ bill: Bill, billerName: String, zh: Bool) {
        slip.twoColumns(zh ? "缴费单位" : "Biller", billerName)
        slip.twoColumns(zh ? "户号" : "Account", bill.maskedAccount)
        if !bill.holderMasked.isEmpty { slip.twoColumns(zh ? "户名" : "Holder", bill.holderMasked) }
        slip.twoColumns(zh ? "单号" : "Order", "\(stationID)-\(bill.orderID)")
        slip.bold(true)
        slip.twoColumns(zh ? "金额" : "Amount", ReceiptBuilder.money(fen: bill.amountFen))
        slip.bold(false)
    }

    private func finish(_ builder: ReceiptBuilder) -> [UInt8] {
        var slip = builder
        slip.feed(lines: 2)
        slip.cut()
        return slip.bytes
    }
}
