import Testing
@testable import KioskCore

@Suite("The biller's daily file against the station's bills")
struct BillReconciliationTests {
    static func bill(_ id: Int64, _ amountFen: Int64, _ phase: BillPhase) -> Bill {
        Bill(id: id, billerCode: "sgcc", billerKind: .electricity, account: "3301234567", holderMasked: "王*英", dueFen: amountFen,
             rule: .exact, amountFen: amountFen, orderID: id, phase: phase, createdAtMs: 0)
    }

    @Test("matched, missing at the biller, missing here, and an amount that differs")
    func fourOutcomes() throws {
        let csv = """
            key,amount_fen,reference
            S1-B1,1000,R1
            S1-B3,2500,R3
            S1-B4,999,R4
            S1-B9,700,R9

            """
        let statement = try BillReconciliation.statement(csv: csv).get()
        let bills = [Self.bill(1, 1000, .succeeded), Self.bill(2, 2000, .succeeded), Self.bill(3, 3000, .succeeded),
                     Self.bill(4, 999, .refunded)]
        let result = BillReconciliation(bills: bills, statement: statement, stationID: "S1")
        #expect(result.matched == [1])
        #expect(result.missingAtBiller == [2])
        #expect(result.amountDiffers == [.init(billID: 3, stationFen: 3000, billerFen: 2500)])
        #expect(result.missingHere == ["S1-B4", "S1-B9"], "a refunded bill the biller lists as paid is missing here")
        #expect(!result.isClean)
        #expect(BillReconciliation(bills: [Self.bill(1, 1000, .succeeded)], statement: [statement[0]], stationID: "S1").isClean)
    }

    @Test("a file that is not the biller's format names its bad line")
    func badLines() {
        #expect(BillReconciliation.statement(csv: "id,amount\n") == .failure(.init(line: 1)))
        #expect(BillReconciliation.statement(csv: "key,amount_fen,reference\nS1-B1,ten,R1\n") == .failure(.init(line: 2)))
        #expect(BillReconciliation.statement(csv: "key,amount_fen,reference\r\nS1-B1,100,R1\r\n").map(\.count) == .success(1))
    }
}
