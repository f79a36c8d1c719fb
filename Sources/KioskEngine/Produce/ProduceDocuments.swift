import KioskCore
import KioskDevices

/// The produce desk's printed documents: the farmer's receipt (收购单) and the lot's GS1-128 label.
struct ProduceDocuments {
    let printer: PrinterConfiguration
    let header: String
    let stationID: String
    let locale: OperatorLocale

    /// The farmer's receipt; a cash payout opens the drawer after it, so the drawer only opens for a
    /// purchase already journaled.
    func receipt(_ purchase: ProducePurchase, isReprint: Bool = false) -> [UInt8] {
        let zh = locale == .zhHans
        var receipt = ReceiptBuilder(configuration: printer)
        receipt.align(.center)
        receipt.bold(true)
        receipt.line(header)
        receipt.line(zh ? "农产品收购单" : "Produce purchase")
        receipt.bold(false)
        if isReprint { receipt.line(zh ? "补打 REPRINT" : "REPRINT 补打") }
        receipt.line((zh ? "站点 " : "Station ") + stationID)
        receipt.align(.left)
        receipt.twoColumns(zh ? "时间" : "Time", BeijingDate.timestamp(epochMs: purchase.recordedAtMs))
        receipt.twoColumns(zh ? "农户" : "Farmer", purchase.farmer.name + " " + purchase.farmer.maskedPhone)
        receipt.twoColumns(zh ? "村" : "Village", purchase.farmer.village)
        receipt.rule()
        receipt.twoColumns(zh ? "品种/等级" : "Produce/grade", "\(purchase.produce) \(purchase.grade)")
        receipt.twoColumns(zh ? "毛重" : "Gross", WeighedGoods.kilograms(grams: purchase.grossGrams))
        receipt.twoColumns(zh ? "皮重" : "Tare", WeighedGoods.kilograms(grams: purchase.tareGrams))
        receipt.twoColumns(zh ? "净重" : "Net", WeighedGoods.kilograms(grams: purchase.netGrams))
        receipt.twoColumns(zh ? "单价" : "Price", ReceiptBuilder.money(fen: purchase.fenPerKg) + "/kg")
        receipt.twoColumns(zh ? "价目表版本" : "Price list", "v\(purchase.priceVersion)")
        receipt.rule()
        receipt.bold(true)
        receipt.twoColumns(zh ? "金额" : "AMOUNT", ReceiptBuilder.money(fen: purchase.amountFen))
        receipt.bold(false)
        receipt.line(zh ? "金额=净重×单价，四舍五入到分" : "Amount = net × price, rounded half up to the fen")
        receipt.twoColumns(zh ? "付款方式" : "Paid by",
                           purchase.payout == .cash ? (zh ? "现金" : "cash") : (zh ? "转账" : "transfer"))
        receipt.twoColumns(zh ? "批次" : "Lot", purchase.lot)
        if purchase.payout == .cash, !isReprint { receipt.openDrawer() }
        receipt.feed(lines: 2)
        receipt.cut()
        return receipt.bytes
    }

    /// The lot label: the GS1-128 barcode and its readable text, produce, grade and farmer's village.
    func lotLabel(_ purchase: ProducePurchase) -> [UInt8] {
        var label = ReceiptBuilder(configuration: printer)
        label.align(.center)
        label.bold(true)
        label.line("\(purchase.produce) \(purchase.grade)  \(WeighedGoods.kilograms(grams: purchase.netGrams))")
        label.bold(false)
        // As many fields a symbol as the paper holds: one symbol on 80 mm would be too wide.
        var symbol = ""
        for field in ProduceLotLabel.fields(purchase) ?? [] {
            if !symbol.isEmpty, !label.fitsGS1_128(digits: symbol + field) {
                try? label.gs1_128(digits: symbol)
                symbol = ""
            }
            symbol += field
        }
        if !symbol.isEmpty { try? label.gs1_128(digits: symbol) }
        if let readable = ProduceLotLabel.readable(purchase) { label.line(readable) }
        label.line(purchase.farmer.village)
        label.feed(lines: 2)
        label.cut()
        return label.bytes
    }
}
