import KioskCore
import KioskDevices
import KioskStore

/// Lays out the day's Z report, the X report (the day so far, marked X and "not a close" at the top and
/// the bottom, without count or variance: the count stays blind) and the slip of cash taken to the bank) for the receipt printer (58 or
/// 80 mm, GB18030), in the station's language. Deterministic: the same close gives the same bytes, so a
/// copy differs only by its mark.
struct DayReportComposer {
    let printer: PrinterConfiguration
    let header: String
    let stationID: String
    let locale: OperatorLocale

    func compose(_ closing: DayClosing, atMs: Int64, isReprint: Bool, isX: Bool = false) -> [UInt8] {
        let zh = locale == .zhHans
        let money = { (fen: Int64) in ReceiptBuilder.money(fen: fen) }
        var report = ReceiptBuilder(configuration: printer)
        report.align(.center)
        report.bold(true)
        report.line(header)
        report.size(width: 2, height: 2)
        report.line(isX ? (zh ? "X报表" : "X REPORT") : (zh ? "日结单 Z" : "Z REPORT ") + Self.number(closing.z))
        report.size()
        if isX { report.line(Self.notAClose(zh: zh)) }
        if isReprint { report.line(zh ? "补打 REPRINT" : "REPRINT 补打") }
        report.bold(false)
        report.align(.left)
        report.twoColumns(zh ? "站点" : "Station", stationID)
        report.twoColumns(zh ? "营业日" : "Business day", Self.date(closing.businessDate))
        report.twoColumns(zh ? "打印时间" : "Printed", BeijingDate.timestamp(epochMs: atMs))
        report.rule()
        let figures = closing.figures
        report.twoColumns(zh ? "备用金" : "Float", money(closing.floatFen))
        report.twoColumns(zh ? "收现金" : "Cash taken", money(figures.cashTakenFen))
        report.twoColumns(zh ? "找零" : "Change given", money(-figures.changeGivenFen))
        report.twoColumns(zh ? "现金退款" : "Cash refunds", money(-figures.cashRefundsFen))
        if figures.creditRepaidFen != 0 { report.twoColumns(zh ? "赊账还款" : "Credit repaid", money(figures.creditRepaidFen)) }
        for service in figures.services where service.cashInFen != 0 || service.cashOutFen != 0 {
            report.twoColumns(Self.serviceName(service.service, zh: zh), money(service.cashInFen - service.cashOutFen))
        }
        report.twoColumns(zh ? "解缴银行" : "Cash removed", money(-closing.cashRemovedFen))
        report.bold(true)
        report.twoColumns(zh ? "应有现金" : "Expected cash", money(closing.expectedCashFen))
        if !isX {
            report.twoColumns(zh ? "实点现金" : "Counted cash", money(closing.countedCashFen))
            report.twoColumns(zh ? "差额" : "Variance", money(closing.varianceFen))
        }
        report.bold(false)
        if !isX, let explanation = closing.counted.explanation {
            report.line((zh ? "说明:" : "Note: ") + explanation)
        }
        report.rule()
        report.line(zh ? "按支付方式" : "By tender")
        for tender in Tender.allCases {
            let line = figures[tender]
            report.twoColumns("\(Self.tenderName(tender, zh: zh)) \(line.count)\(zh ? "笔" : "")", money(line.fen))
        }
        report.line(zh ? "按业务" : "By service")
        for service in figures.services where !service.service.hasPrefix("parcels_") {
            report.twoColumns("\(Self.serviceName(service.service, zh: zh)) \(service.sales.count)\(zh ? "笔" : "")",
                              money(service.sales.fen))
        }
        let shelves = Self.parcelShelves(figures.services)
        if !shelves.isEmpty {
            report.line(zh ? "快递货架 (昨存+到件=取件+退回+在架)" : "Parcel shelves (held + in = out + back + held)")
            for (carrier, shelf) in shelves {
                report.twoColumns(zh ? carrier.chineseName : carrier.name.uppercased(),
                                  "\(shelf[0])+\(shelf[1])=\(shelf[2])+\(shelf[3])+\(shelf[4])")
            }
        }
        report.rule()
        report.twoColumns("\(zh ? "退款" : "Refunds") \(figures.refunds.count)", money(figures.refunds.fen))
        report.twoColumns("\(zh ? "作废" : "Voids") \(figures.voids.count)", money(figures.voids.fen))
        report.twoColumns("\(zh ? "取消" : "Cancelled") \(figures.cancels.count)", money(figures.cancels.fen))
        report.twoColumns("\(zh ? "结转明日" : "Carried over") \(figures.carried.count)", money(figures.carried.fen))
        report.rule()
        if isX {
            report.align(.center)
            report.bold(true)
            report.line(Self.notAClose(zh: zh))
            report.bold(false)
            report.feed(lines: 2)
            report.cut()
            return report.bytes
        }
        report.line(zh ? "点钞" : "Count")
        for denomination in Denomination.allCases where closing.counted.count[denomination] > 0 {
            let pieces = closing.counted.count[denomination]
            report.twoColumns("\(denomination.label(chinese: zh)) × \(pieces)", money(Int64(pieces) * denomination.fen))
        }
        report.twoColumns(zh ? "点钞人" : "Counted by", closing.counted.who)
        report.feed(lines: 2)
        report.cut()
        return report.bytes
    }

    /// The slip of cash taken to the bank: who took how much and why, for the drawer's count and the bank.
    func cashRemovalSlip(_ removal: CashRemoval, atMs: Int64) -> [UInt8] {
        let zh = locale == .zhHans
        var slip = ReceiptBuilder(configuration: printer)
        slip.align(.center)
        slip.bold(true)
        slip.line(header)
        slip.line(zh ? "现金解缴单" : "CASH REMOVED")
        slip.bold(false)
        slip.align(.left)
        slip.twoColumns(zh ? "站点" : "Station", stationID)
        slip.twoColumns(zh ? "时间" : "Time", BeijingDate.timestamp(epochMs: atMs))
        slip.twoColumns(zh ? "金额" : "Amount", ReceiptBuilder.money(fen: removal.fen))
        slip.twoColumns(zh ? "经手人" : "Taken by", removal.who)
        slip.line((zh ? "事由:" : "Why: ") + removal.why)
        slip.feed(lines: 2)
        slip.cut()
        return slip.bytes
    }

    /// The X report's mark, at its top and its bottom.
    static func notAClose(zh: Bool) -> String {
        zh ? "非日结 NOT A CLOSE" : "NOT A CLOSE 非日结"
    }

    /// `0007`.
    static func number(_ z: UInt32) -> String {
        let digits = String(z)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `2026-12-02` for `20261202`.
    static func date(_ businessDate: UInt32) -> String {
        let month = businessDate / 100 % 100
        let day = businessDate % 100
        return "\(businessDate / 10_000)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    static func tenderName(_ tender: Tender, zh: Bool) -> String {
        switch tender {
        case .cash: zh ? "现金" : "Cash"
        case .wechat: zh ? "微信" : "WeChat"
        case .alipay: zh ? "支付宝" : "Alipay"
        case .unionPay: zh ? "云闪付" : "UnionPay"
        case .stationCredit: zh ? "赊账" : "Credit"
        }
    }

    /// Each carrier's daily identity from the parcel desk's lines: opening, arrived, picked up, returned,
    /// on the shelf, in that order.
    static func parcelShelves(_ services: [ServiceLine]) -> [(Carrier, [Int64])] {
        let figures = ["opening", "arrived", "picked_up", "returned", "on_shelf"]
        return Carrier.allCases.compactMap { carrier in
            let counts = figures.map { figure in
                services.first { $0.service == "parcels_\(carrier.name)_\(figure)" }?.sales.count
            }
            guard counts.allSatisfy({ $0 != nil }) else { return nil }
            return (carrier, counts.map { $0 ?? 0 })
        }
    }

    static func serviceName(_ service: String, zh: Bool) -> String {
        switch service {
        case "counter": zh ? "便利店" : "Counter sales"
        case "assisted": zh ? "代购" : "Assisted orders"
        case "credit_repaid": zh ? "赊账还款(扫码)" : "Credit repaid by code"
        case "parcel_charges": zh ? "快递代收款" : "Parcel COD and fees"
        case "parcels": zh ? "快递" : "Parcels"
        case "produce": zh ? "农产品收购" : "Produce bought"
        case "bills": zh ? "代缴费" : "Bills paid to billers"
        case "bills_pending": zh ? "代缴费处理中" : "Bills pending"
        case "bills_refunded": zh ? "代缴费退款" : "Bills refunded"
        default: service
        }
    }
}
