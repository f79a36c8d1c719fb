/// A payment provider's daily statement (T+1), as the provider publishes it, reduced to what the station
/// matches: the merchant order number, the amount and whether the line is a payment or a refund.
///
/// - WeChat Pay's 交易账单 (`downloadbill`, bill type ALL): a header row naming the columns, one row per
///   payment or refund with every field prefixed by a backtick (so spreadsheets keep long numbers), then
///   a summary header (`总交易单数,…`) and its row. Columns are found by name: their order varies.
/// - Alipay's 业务明细 CSV: `#` comment lines before and after, a header row naming the columns, one row
///   per 交易 (payment) or 退款 (refund), fields padded with tabs and spaces. The file is GBK: the caller
///   decodes it (the core reads text, not files).
public enum ProviderStatement {
    /// Whose layout.
    public enum Provider: String, Sendable, CaseIterable {
        case wechat
        case alipay
    }

    /// One payment or refund on the statement.
    public struct Line: Hashable, Sendable {
        public var merchantOrderNo: String
        public var amountFen: Int64
        public var isRefund: Bool

        public init(merchantOrderNo: String, amountFen: Int64, isRefund: Bool) {
            self.merchantOrderNo = merchantOrderNo
            self.amountFen = amountFen
            self.isRefund = isRefund
        }
    }

    /// Why a file is not a statement.
    public enum ParseError: Error, Hashable, Sendable {
        /// No header row naming the merchant order number.
        case noHeader
        /// The header lacks a column the match needs.
        case missingColumn(String)
        /// Row `line` (1-based) has an amount that is not yuan with at most two decimals, or too few fields.
        case badRow(line: Int)
        /// More rows than a station's day can have.
        case tooManyRows
    }

    /// The most rows a statement may hold (a village station makes a few hundred payments a day).
    public static let maximumRows = 100_000

    /// The WeChat header this station's simulated gateway writes (and the columns the match reads).
    static let wechatHeader = ["交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
                               "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
                               "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
                               "手续费", "费率", "订单金额", "申请退款金额", "费率备注"]
    /// The Alipay header.
    static let alipayHeader = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
                               "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
                               "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
                               "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注"]

    /// The payments and refunds of a statement in `provider`'s layout.
    public static func parse(_ text: String, provider: Provider) throws(ParseError) -> [Line] {
        var header: [String: Int]?
        var lines: [Line] = []
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let row = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            if row.allSatisfy({ $0 == " " || $0 == "\t" }) || (provider == .alipay && row.hasPrefix("#")) { continue }
            let fields = fieldsOf(row).map { clean($0, provider) }
            guard let columns = header else {
                if fields.contains("商户订单号") {
                    header = Dictionary(fields.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
                }
                continue
            }
            // WeChat's summary: its header, then one row of totals; the payments end there.
            if provider == .wechat, fields.first == "总交易单数" { break }
            guard lines.count < maximumRows else { throw .tooManyRows }
            lines.append(try line(fields, columns, provider, number))
        }
        guard header != nil else { throw .noHeader }
        return lines
    }

    private static func line(_ fields: [String], _ columns: [String: Int], _ provider: Provider,
                             _ number: Int) throws(ParseError) -> Line {
        func field(_ names: String...) throws(ParseError) -> String {
            guard let index = names.lazy.compactMap({ columns[$0] }).first else { throw .missingColumn(names[0]) }
            guard index < fields.count else { throw .badRow(line: number) }
            return fields[index]
        }
        let orderNo = try field("商户订单号")
        switch provider {
        case .wechat:
            let isRefund = try field("交易状态") == "REFUND"
            let amount = isRefund ? try field("退款金额", "申请退款金额") : try field("订单金额", "应结订单金额", "总金额")
            guard let fen = Money.parseYuan(amount), fen >= 0 else { throw .badRow(line: number) }
            return Line(merchantOrderNo: orderNo, amountFen: fen, isRefund: isRefund)
        case .alipay:
            let isRefund = try field("业务类型") == "退款"
            // A refund's amount is written negative.
            guard let fen = Money.parseYuan(try field("订单金额（元）", "订单金额(元)")), fen != Int64.min else {
                throw .badRow(line: number)
            }
            return Line(merchantOrderNo: orderNo, amountFen: abs(fen), isRefund: isRefund)
        }
    }

    /// The fields of a CSV row: commas separate, double quotes enclose a field with commas (`""` is a quote).
    static func fieldsOf(_ row: Substring) -> [Substring] {
        guard row.contains("\"") else { return row.split(separator: ",", omittingEmptySubsequences: false) }
        var fields: [Substring] = []
        var current = ""
        var quoted = false
        var index = row.startIndex
        while index < row.endIndex {
            let character = row[index]
            if quoted, character == "\"" {
                let next = row.index(after: index)
                if next < row.endIndex, row[next] == "\"" {
                    current.append("\"")
                    index = next
                } else {
                    quoted = false
                }
            } else if character == "\"" {
                quoted = true
            } else if character == ",", !quoted {
                fields.append(Substring(current))
                current = ""
            } else {
                current.append(character)
            }
            index = row.index(after: index)
        }
        fields.append(Substring(current))
        return fields
    }

    /// A field without WeChat's leading backtick or Alipay's padding.
    private static func clean(_ field: Substring, _ provider: Provider) -> String {
        var value = field.drop { $0 == " " || $0 == "\t" }
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        if provider == .wechat, value.first == "`" { value = value.dropFirst() }
        return String(value)
    }

    // MARK: Writing

    /// A payment the station (or its simulated gateway) took, as a statement lists it.
    public struct Payment: Hashable, Sendable {
        public var merchantOrderNo: String
        public var amountFen: Int64
        /// `2026-12-02 10:15:00`, Beijing time.
        public var time: String

        public init(merchantOrderNo: String, amountFen: Int64, time: String) {
            self.merchantOrderNo = merchantOrderNo
            self.amountFen = amountFen
            self.time = time
        }
    }

    /// A statement of `payments` in `provider`'s layout (what the simulated gateway publishes).
    public static func write(_ payments: [Payment], provider: Provider, merchantID: String) -> String {
        var text = ""
        switch provider {
        case .wechat:
            text += wechatHeader.joined(separator: ",") + "\r\n"
            for (index, payment) in payments.enumerated() {
                let yuan = Money.format(fen: payment.amountFen)
                var fields = Array(repeating: "", count: wechatHeader.count)
                fields[0] = payment.time
                fields[1] = "wxsimulated0000001"
                fields[2] = merchantID
                fields[5] = "42000000\(index + 1)"
                fields[6] = payment.merchantOrderNo
                fields[8] = "MICROPAY"
                fields[9] = "SUCCESS"
                fields[11] = "CNY"
                fields[12] = yuan
                fields[13] = "0.00"
                fields[16] = "0.00"
                fields[17] = "0.00"
                fields[22] = "0.00"
                fields[23] = "0.60%"
                fields[24] = yuan
                fields[25] = "0.00"
                text += fields.map { "`" + $0 }.joined(separator: ",") + "\r\n"
            }
            let total = Money.format(fen: payments.reduce(0) { $0 + $1.amountFen })
            text += "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
            text += ["\(payments.count)", total, "0.00", "0.00", "0.00", total, "0.00"].map { "`" + $0 }.joined(separator: ",") + "\r\n"
        case .alipay:
            text += "#支付宝业务明细查询\r\n#账号：[\(merchantID)]\r\n"
            text += "#-----------------------------------------业务明细列表----------------------------------------\r\n"
            text += alipayHeader.joined(separator: ",") + "\r\n"
            for (index, payment) in payments.enumerated() {
                var fields = Array(repeating: "", count: alipayHeader.count)
                fields[0] = "2026000000\(index + 1)\t"
                fields[1] = payment.merchantOrderNo + "\t"
                fields[2] = "交易"
                fields[4] = payment.time
                fields[5] = payment.time
                fields[11] = Money.format(fen: payment.amountFen)
                fields[12] = Money.format(fen: payment.amountFen)
                text += fields.joined(separator: ",") + "\r\n"
            }
            text += "#-----------------------------------------业务明细列表结束------------------------------------\r\n"
            text += "#交易合计：\(payments.count)笔，共\(Money.format(fen: payments.reduce(0) { $0 + $1.amountFen }))元\r\n"
        }
        return text
    }
}

/// A provider's statement matched against the station's payments by merchant order number.
public struct StatementMatch: Hashable, Sendable {
    /// A payment the station and the provider both hold, with each one's amount.
    public struct Pair: Hashable, Sendable {
        public var merchantOrderNo: String
        public var stationFen: Int64
        public var providerFen: Int64

        public init(merchantOrderNo: String, stationFen: Int64, providerFen: Int64) {
            self.merchantOrderNo = merchantOrderNo
            self.stationFen = stationFen
            self.providerFen = providerFen
        }
    }

    /// Same number, same amount.
    public private(set) var matched: [Pair] = []
    /// The station took it; the provider does not list it.
    public private(set) var missingAtProvider: [ProviderStatement.Payment] = []
    /// The provider lists it; the station holds no payment under that number that took money.
    public private(set) var missingHere: [ProviderStatement.Line] = []
    /// Both hold it, for different amounts.
    public private(set) var amountDiffers: [Pair] = []

    /// Every mismatch, for the technician and the acquirer's queries.
    public var mismatchCount: Int { missingAtProvider.count + missingHere.count + amountDiffers.count }

    /// Matches the station's `payments` that took money on the statement's date against the statement's
    /// payment lines (its refunds are listed by the provider against the same numbers and are not charges).
    public init(station payments: [ProviderStatement.Payment], statement: [ProviderStatement.Line]) {
        var listed: [String: Int64] = [:]
        var order: [String] = []
        for line in statement where !line.isRefund {
            if listed[line.merchantOrderNo] == nil { order.append(line.merchantOrderNo) }
            listed[line.merchantOrderNo, default: 0] += line.amountFen
        }
        var seen = Set<String>()
        for payment in payments {
            seen.insert(payment.merchantOrderNo)
            guard let providerFen = listed[payment.merchantOrderNo] else {
                missingAtProvider.append(payment)
                continue
            }
            let pair = Pair(merchantOrderNo: payment.merchantOrderNo, stationFen: payment.amountFen, providerFen: providerFen)
            if providerFen == payment.amountFen { matched.append(pair) } else { amountDiffers.append(pair) }
        }
        for number in order where !seen.contains(number) {
            missingHere.append(ProviderStatement.Line(merchantOrderNo: number, amountFen: listed[number] ?? 0, isRefund: false))
        }
    }
}
