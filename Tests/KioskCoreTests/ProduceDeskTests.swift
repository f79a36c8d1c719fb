import KioskCore
import Testing

@Suite("Buying produce (收购): pricing, lots, entries")
struct ProduceDeskTests {
    static let prices = ProducePriceTable(version: 3, entries: [
        .init(produce: "walnut", grade: "A", fenPerKg: 2605, gtin: "06900000000021"),
        .init(produce: "pepper", grade: "A", fenPerKg: 12000, gtin: "06900000000038"),
    ])!
    static let tares = ContainerTares(["basket": 800, "sack": 120])
    static let farmer = Farmer(name: "王秀英", phone: "13812345678", village: "石门村")!

    static func request(gross: Int64, containers: Int64 = 1, payout: ProducePayout = .cash) -> PurchaseRequest {
        PurchaseRequest(farmer: farmer, produce: "walnut", grade: "A", container: "basket", containers: containers,
                        grossGrams: gross, payout: payout)
    }

    @Test func netIsGrossLessTareAndTheAmountRoundsHalfUpToTheFen() throws {
        let purchase = try ProduceDesk.decide(Self.request(gross: 25_150, containers: 2), prices: Self.prices, tares: Self.tares,
                                              packedDate: "260930", dayNumber: 7, atMs: 1).get()
        #expect(purchase.tareGrams == 1600)
        #expect(purchase.netGrams == 23_550)
        // 23.550 kg × ¥26.05/kg = ¥613.4775: ¥613.48.
        #expect(purchase.amountFen == 61_348)
        #expect(purchase.priceVersion == 3)
        #expect(purchase.lot == "2609300007")
        #expect(purchase.farmer.maskedPhone == "138****5678")
    }

    @Test func refusalsNameWhatIsWrong() {
        let decide = { (request: PurchaseRequest) in
            ProduceDesk.decide(request, prices: Self.prices, tares: Self.tares, packedDate: "260930", dayNumber: 1, atMs: 1)
        }
        #expect(decide(Self.request(gross: 800)) == .failure(.nothingNet(grossGrams: 800, tareGrams: 800)))
        var unknown = Self.request(gross: 5000)
        unknown.grade = "Z"
        #expect(decide(unknown) == .failure(.unknownPrice(produce: "walnut", grade: "Z")))
        unknown = Self.request(gross: 5000)
        unknown.container = "bucket"
        #expect(decide(unknown) == .failure(.unknownContainer("bucket")))
        #expect(Farmer(name: "李", phone: "1381234", village: "") == nil)
    }

    @Test func lotLabelUses3103UpTo999KgAnd3102Above() throws {
        var purchase = try ProduceDesk.decide(Self.request(gross: 12_345), prices: Self.prices, tares: Self.tares,
                                              packedDate: "260930", dayNumber: 1, atMs: 1).get()
        #expect(ProduceLotLabel.elementString(purchase) == "01069000000000213103011545" + "13260930" + "102609300001")
        purchase.netGrams = 1_234_565
        #expect(ProduceLotLabel.elementString(purchase) == "01069000000000213102123457" + "13260930" + "102609300001")
        #expect(ProduceLotLabel.readable(purchase) == "(01)06900000000021(3102)123457(13)260930(10)2609300001")
    }

    @Test func lotLabelScansBackAsTheLot() throws {
        let purchase = try ProduceDesk.decide(Self.request(gross: 12_345), prices: Self.prices, tares: Self.tares,
                                              packedDate: "260930", dayNumber: 12, atMs: 1).get()
        let label = try #require(ProduceLotLabel.elementString(purchase))
        guard case .gs1(let data) = ScanClassifier.classify(Array(("]C1" + label).utf8)) else {
            Issue.record("the lot label does not scan as GS1")
            return
        }
        #expect(data.gtin.text == "06900000000021")
        #expect(data.netWeightGrams == 11_545)
        #expect(data.packedDate?.text == "260930")
        #expect(data.batch.text == "2609300012")
    }

    @Test func entryReadsBackAndRefusesDamage() throws {
        let purchase = try ProduceDesk.decide(Self.request(gross: 9_999, payout: .account), prices: Self.prices,
                                              tares: Self.tares, packedDate: "260930", dayNumber: 2, atMs: 1_790_000_000_000).get()
        let bytes = ProduceEntryCodec.encode(purchase)
        #expect(ProduceEntryCodec.decode(bytes) == purchase)
        #expect(ProduceEntryCodec.decode(Array(bytes.dropLast())) == nil)
        #expect(ProduceEntryCodec.decode([2] + bytes.dropFirst()) == nil)
    }

    @Test func tableFileReadsPricesAndTares() throws {
        let text = "# prices\nversion,4\nprice,walnut,A,2600,06900000000021\ncontainer,basket,800\n"
        let (table, tares) = try ProduceTableFile.parse(text).get()
        #expect(table.version == 4)
        #expect(table.price(produce: "walnut", grade: "A")?.fenPerKg == 2600)
        #expect(tares.gramsByContainer == ["basket": 800])
        #expect(throws: ProduceTableFile.Problem(line: 2, message: "06900000000022 is not a GTIN-14 with a valid check digit")) {
            try ProduceTableFile.parse("version,1\nprice,walnut,A,2600,06900000000022\n").get()
        }
    }
}

@Suite("A cash payout never exceeds the drawer")
struct ProduceDrawerTests {
    @Test func cashPayoutLargerThanTheDrawerIsRefusedAnAccountPayoutIsNot() {
        let cash = ProduceDeskTests.request(gross: 10_800)
        let decided = ProduceDesk.decide(cash, prices: ProduceDeskTests.prices, tares: ProduceDeskTests.tares,
                                         packedDate: "260930", dayNumber: 1, atMs: 1, drawerFen: 26_049)
        #expect(decided == .failure(.notEnoughCash(drawerFen: 26_049, amountFen: 26_050)))
        let account = ProduceDeskTests.request(gross: 10_800, payout: .account)
        let paid = ProduceDesk.decide(account, prices: ProduceDeskTests.prices, tares: ProduceDeskTests.tares,
                                      packedDate: "260930", dayNumber: 1, atMs: 1, drawerFen: 0)
        #expect((try? paid.get())?.amountFen == 26_050)
    }
}
