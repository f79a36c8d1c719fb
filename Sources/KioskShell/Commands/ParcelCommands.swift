import KioskCore
import KioskStore

/// The running station's parcel desk (快递代收), for the `parcels` commands it contributes.
public protocol ParcelControls: Sendable {
    /// The newest parcels, every state.
    func parcels(limit: Int) throws -> [ParcelRecord]
    /// The parcels a pickup code, a phone's last 4 digits or a waybill number finds.
    func findParcels(_ query: String) throws -> [ParcelRecord]
    /// The return list.
    func parcelReturns() throws -> [ParcelRecord]
    /// By carrier: today's arrivals by where they stand, and every parcel by where it stands.
    func parcelStats() throws -> (today: [Carrier: ParcelTally], all: [Carrier: ParcelTally])
    /// `parcels mode MODE`: what the scanner's reads mean at the desk; returns what happened.
    func setParcelMode(_ mode: String) throws -> String
    /// `parcels collect CODE`: opens the charge order (cash on delivery, storage fee) of the parcel waiting
    /// under CODE at the counter, paid in cash or by code before the hand-over; returns what happened.
    func collectParcelCharge(code: String) throws -> String
    /// `parcels print`: today's identity by carrier printed on the receipt printer; returns what happened.
    func printParcelIdentity() throws -> String
}

/// `parcels list|find|returns|stats|print|mode|collect`: contributed by a running station, against its ``ParcelControls``.
public enum ParcelCommands {
    public static func nodes(_ controls: any ParcelControls) -> [CommandNode] {
        [
            CommandNode("parcels", summary: "the parcel desk 快递代收", access: .stationOperator, children: [
                CommandNode("list", summary: "the newest parcels 最近快递", access: .stationOperator) { context, _ in
                    let parcels = try controls.parcels(limit: 50)
                    if parcels.isEmpty { context.say("没有快递", "no parcels") }
                    parcels.forEach { context.print(line($0)) }
                },
                CommandNode("find", usage: "CODE|PHONE4|WAYBILL", summary: "find by pickup code, phone's last 4 digits or waybill 查件",
                            access: .stationOperator, arguments: 1...1) { context, arguments in
                    let found = try controls.findParcels(arguments[0])
                    if found.isEmpty { context.say("没有找到", "nothing found") }
                    found.forEach { context.print(line($0)) }
                },
                CommandNode("returns", summary: "the return list, by carrier 退回清单", access: .stationOperator) { context, _ in
                    let returns = try controls.parcelReturns()
                    if returns.isEmpty { context.say("退回清单是空的", "the return list is empty") }
                    returns.forEach { context.print(line($0)) }
                },
                CommandNode("stats", summary: "arrived = picked up + returned + on shelf, by carrier 对账",
                            access: .stationOperator) { context, _ in
                    let stats = try controls.parcelStats()
                    for (title, tallies) in [("today 今日到件", stats.today), ("all 全部", stats.all)] {
                        context.print(title)
                        for carrier in tallies.keys.sorted() {
                            let t = tallies[carrier]!
                            context.print("  \(carrier.name.padding(7)) arrived \(t.arrived) = picked up \(t.pickedUp) + returned \(t.returned) + on shelf \(t.onShelf)\(t.balances ? "" : "  ≠")")
                        }
                    }
                },
                CommandNode("mode", usage: "arrival|pickup|returns|off", summary: "what scans mean at the desk 扫码模式",
                            access: .stationOperator, arguments: 1...1) { context, arguments in
                    context.print(try controls.setParcelMode(arguments[0]))
                },
                CommandNode("print", summary: "print today's arrived = picked up + returned + on shelf 打印快递日报",
                            access: .stationOperator) { context, _ in
                    context.print(try controls.printParcelIdentity())
                },
                CommandNode("collect", usage: "CODE", summary: "take a parcel's COD and fee at the counter 代收货款收款",
                            access: .stationOperator, arguments: 1...1) { context, arguments in
                    context.print(try controls.collectParcelCharge(code: arguments[0]))
                },
            ]),
        ]
    }

    /// One parcel as the shell lists it: number, slot, code, carrier, waybill, masked phone, state.
    public static func line(_ parcel: ParcelRecord) -> String {
        "#\(parcel.id)  \(parcel.slot.text)  \(parcel.code.text)  \(parcel.carrier.name.padding(7)) \(parcel.waybill)  "
            + "\(parcel.maskedPhone.isEmpty ? "-" : parcel.maskedPhone)  \(parcel.state.rawValue)"
            + (parcel.chargeFen > 0 ? "  COD 代收 \(ShellFormat.money(parcel.codFen)) fee 保管费 \(ShellFormat.money(parcel.feeFen))" : "")
            + (parcel.collectedBy.map { "  collected by \($0)" } ?? "")
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
