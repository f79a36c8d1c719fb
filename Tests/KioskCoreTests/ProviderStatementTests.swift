import KioskCore
import Testing

@Suite("The providers' statements (T+1) and the match by merchant order number")
struct ProviderStatementTests {
    /// A WeChat Pay 交易账单 as the merchant platform publishes it: backticks, a refund row, the summary.
    static let wechatBill = """
        交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注
        `2026-12-02 09:15:02,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000001,`SIM0001_AB12CD_3_1,`oUpF8uMuAJO,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`18.60,`0.00,`0,`0,`0.00,`0.00,`,`,`洗衣粉,`,`0.11000,`0.60%,`18.60,`0.00,`
        `2026-12-02 10:01:40,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000002,`SIM0001_AB12CD_4_1,`oUpF8uMuAJO,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`5.50,`0.00,`0,`0,`0.00,`0.00,`,`,`酱油,`,`0.03000,`0.60%,`5.50,`0.00,`
        `2026-12-02 11:20:00,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000002,`SIM0001_AB12CD_4_1,`oUpF8uMuAJO,`MICROPAY,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5000001,`R4,`5.50,`0.00,`ORIGINAL,`SUCCESS,`酱油,`,`-0.03000,`0.60%,`0.00,`5.50,`
        总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额
        `3,`24.10,`5.50,`0.00,`0.11000,`24.10,`5.50
        """

    /// An Alipay 业务明细 CSV (after decoding from GBK): comment lines, padded fields.
    static let alipayDetail = """
        #支付宝业务明细查询
        #账号：[20880000000000000156]
        #起始日期：[2026年12月02日 00:00:00]   终止日期：[2026年12月03日 00:00:00]
        #-----------------------------------------业务明细列表----------------------------------------
        支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注
        2026120222001400001\t,SIM0001_AB12CD_7_1\t,交易,酱油,2026-12-02 14:02:11,2026-12-02 14:02:13,,,,,ali***@example.com,12.00,12.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.07,0.00,
        2026120222001400001\t,SIM0001_AB12CD_7_1\t,退款,酱油,2026-12-02 15:00:00,2026-12-02 15:00:01,,,,,ali***@example.com,-12.00,-12.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,R7,0.07,0.00,
        #-----------------------------------------业务明细列表结束------------------------------------
        #交易合计：1笔，商家实收共12.00元，商家优惠共0.00元
        #退款合计：1笔，商家实收退款共-12.00元
        #导出时间：[2026年12月03日 09:30:12]
        """

    @Test("a WeChat bill: payments and refunds by merchant order number, the summary left out")
    func wechatBill() throws {
        let lines = try ProviderStatement.parse(Self.wechatBill, provider: .wechat)
        #expect(lines == [
            .init(merchantOrderNo: "SIM0001_AB12CD_3_1", amountFen: 1_860, isRefund: false),
            .init(merchantOrderNo: "SIM0001_AB12CD_4_1", amountFen: 550, isRefund: false),
            .init(merchantOrderNo: "SIM0001_AB12CD_4_1", amountFen: 550, isRefund: true),
        ])
    }

    @Test("an Alipay detail: comment lines and padding skipped, its refund known by 业务类型")
    func alipayDetail() throws {
        let lines = try ProviderStatement.parse(Self.alipayDetail, provider: .alipay)
        #expect(lines == [
            .init(merchantOrderNo: "SIM0001_AB12CD_7_1", amountFen: 1_200, isRefund: false),
            .init(merchantOrderNo: "SIM0001_AB12CD_7_1", amountFen: 1_200, isRefund: true),
        ])
    }

    @Test("a file that is no statement is refused with the reason")
    func notAStatement() {
        #expect(throws: ProviderStatement.ParseError.noHeader) { try ProviderStatement.parse("a,b\n1,2\n", provider: .wechat) }
        let badAmount = "商户订单号,交易状态,订单金额\n`X1,`SUCCESS,`12.345\n"
        #expect(throws: ProviderStatement.ParseError.badRow(line: 2)) { try ProviderStatement.parse(badAmount, provider: .wechat) }
        #expect(throws: ProviderStatement.ParseError.missingColumn("业务类型")) {
            try ProviderStatement.parse("商户订单号,订单金额（元）\nX1,1.00\n", provider: .alipay)
        }
    }

    @Test("what the simulated gateway writes reads back the same in both layouts")
    func writtenStatementsReadBack() throws {
        let payments = [ProviderStatement.Payment(merchantOrderNo: "S_1_1", amountFen: 1_860, time: "2026-12-02 09:00:00"),
                        ProviderStatement.Payment(merchantOrderNo: "S_2_1", amountFen: 5, time: "2026-12-02 09:05:00")]
        for provider in ProviderStatement.Provider.allCases {
            let text = ProviderStatement.write(payments, provider: provider, merchantID: "1900000109")
            let lines = try ProviderStatement.parse(text, provider: provider)
            #expect(lines.map(\.merchantOrderNo) == ["S_1_1", "S_2_1"], "\(provider)")
            #expect(lines.map(\.amountFen) == [1_860, 5], "\(provider)")
        }
    }

    @Test("the match sorts every payment into matched, missing at the provider, missing here, amount differs")
    func fourBuckets() {
        let station = [ProviderStatement.Payment(merchantOrderNo: "A", amountFen: 100, time: ""),
                       ProviderStatement.Payment(merchantOrderNo: "B", amountFen: 200, time: ""),
                       ProviderStatement.Payment(merchantOrderNo: "C", amountFen: 300, time: "")]
        let statement = [ProviderStatement.Line(merchantOrderNo: "A", amountFen: 100, isRefund: false),
                         ProviderStatement.Line(merchantOrderNo: "C", amountFen: 301, isRefund: false),
                         ProviderStatement.Line(merchantOrderNo: "A", amountFen: 100, isRefund: true),
                         ProviderStatement.Line(merchantOrderNo: "D", amountFen: 400, isRefund: false)]
        let match = StatementMatch(station: station, statement: statement)
        #expect(match.matched.map(\.merchantOrderNo) == ["A"])
        #expect(match.missingAtProvider.map(\.merchantOrderNo) == ["B"])
        #expect(match.missingHere.map(\.merchantOrderNo) == ["D"])
        #expect(match.amountDiffers == [.init(merchantOrderNo: "C", stationFen: 300, providerFen: 301)])
        #expect(match.mismatchCount == 3)
    }
}
