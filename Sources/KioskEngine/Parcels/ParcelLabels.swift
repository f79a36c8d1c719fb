import KioskCore
import KioskDevices
import KioskStore

/// What the parcel desk prints and sends: the shelf label, the pickup slip of a station without a
/// modem, and the texts of its messages.
struct ParcelLabels {
    let printer: PrinterConfiguration
    let station: String
    let zh: Bool

    /// The label stuck on the parcel: its slot large, the pickup code, the masked phone, the carrier.
    func label(_ parcel: ParcelRecord) -> [UInt8] {
        var label = ReceiptBuilder(configuration: printer)
        label.align(.center)
        label.size(width: 2, height: 2)
        label.bold(true)
        label.line(parcel.slot.text)
        label.size()
        label.line((zh ? "取件码 " : "Code ") + parcel.code.text)
        label.bold(false)
        label.align(.left)
        label.twoColumns(zh ? parcel.carrier.chineseName : parcel.carrier.name.uppercased(), parcel.waybill)
        if !parcel.maskedPhone.isEmpty { label.twoColumns(zh ? "收件人" : "For", parcel.maskedPhone) }
        label.twoColumns(zh ? "到站" : "In", BeijingDate.timestamp(epochMs: parcel.arrivedAtMs))
        if parcel.codFen > 0 { label.twoColumns(zh ? "代收货款" : "COD", ReceiptBuilder.money(fen: parcel.codFen)) }
        if parcel.feeFen > 0 { label.twoColumns(zh ? "保管费" : "Storage fee", ReceiptBuilder.money(fen: parcel.feeFen)) }
        label.feed(lines: 1)
        label.cut()
        return label.bytes
    }

    /// The slip a station without a modem prints for the villager's notice (handed to the courier or
    /// pinned up): what the message would have said.
    func slip(_ parcel: ParcelRecord, holdDays: Int) -> [UInt8] {
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(station)
        slip.line(zh ? "取件通知" : "PARCEL NOTICE")
        slip.bold(false)
        slip.align(.left)
        slip.line(arrivalMessage(parcel, holdDays: holdDays))
        slip.feed(lines: 1)
        slip.cut()
        return slip.bytes
    }

    /// The day's identity by carrier (快递日报), printed on request: of the parcels that arrived on
    /// `date`, how many were picked up, returned, and are still on the shelf (a line that does not add
    /// up is marked ≠).
    func dailyIdentity(_ tallies: [Carrier: ParcelTally], date: String, printedAtMs: Int64) -> [UInt8] {
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(station)
        slip.line(zh ? "快递日报 \(date)" : "PARCELS \(date)")
        slip.bold(false)
        slip.align(.left)
        slip.line(zh ? "到件 = 取走 + 退回 + 在架" : "arrived = picked up + returned + on shelf")
        slip.rule()
        var total = ParcelTally()
        for carrier in tallies.keys.sorted() {
            let tally = tallies[carrier]!
            total.arrived += tally.arrived
            total.pickedUp += tally.pickedUp
            total.returned += tally.returned
            total.onShelf += tally.onShelf
            slip.twoColumns(zh ? carrier.chineseName : carrier.name.uppercased(), Self.identity(tally))
        }
        slip.rule()
        slip.twoColumns(zh ? "合计" : "Total", Self.identity(total))
        slip.twoColumns(zh ? "打印时间" : "Printed", BeijingDate.timestamp(epochMs: printedAtMs))
        slip.feed(lines: 1)
        slip.cut()
        return slip.bytes
    }

    private static func identity(_ tally: ParcelTally) -> String {
        "\(tally.arrived) = \(tally.pickedUp) + \(tally.returned) + \(tally.onShelf)\(tally.balances ? "" : " ≠")"
    }

    func arrivalMessage(_ parcel: ParcelRecord, holdDays: Int) -> String {
        zh ? "【\(station)】您的\(parcel.carrier.chineseName)快递已到，取件码\(parcel.code.text)，请\(holdDays)天内来取。"
            : "[\(station)] Your \(parcel.carrier.name.uppercased()) parcel is here: pickup code \(parcel.code.text), collect within \(holdDays) days."
    }

    func reminderMessage(_ parcel: ParcelRecord) -> String {
        zh ? "【\(station)】您的\(parcel.carrier.chineseName)快递（取件码\(parcel.code.text)）明天到期退回，请尽快来取。"
            : "[\(station)] Your \(parcel.carrier.name.uppercased()) parcel (code \(parcel.code.text)) goes back tomorrow: please collect it."
    }
}
