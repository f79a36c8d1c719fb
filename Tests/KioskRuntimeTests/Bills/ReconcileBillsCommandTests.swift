import Foundation
import KioskCore
import Testing
@testable import KioskEngine
@testable import KioskSimulator

/// `kiosk db reconcile-bills FILE --date`: the biller's daily CSV against the bills paid that day.
@Suite(.enabled(if: KioskExecutable.url != nil, "the kiosk executable is not built next to the tests"))
struct ReconcileBillsCommandTests {
    static let startMs = EngineStepTests.startMs

    @Test("a biller's file is matched bill by bill: matched, missing at the biller, missing here, amount differs; a clean file exits 0")
    func reconcilesARealFile() throws {
        let data = try ScratchDirectory("reconcile-bills")
        defer { data.remove() }
        let stationID: String
        var bills: [Bill] = []
        do {
            let station = try BillStation(in: data.path)
            stationID = station.engine.configuration.stationID
            for (index, amount) in [Int64(3_000), 4_000, 5_000].enumerated() {
                let at = Self.startMs + Int64(index) * 60_000
                let bill = try station.open("cmcc", "1381234567\(index)", amountFen: amount, atMs: at)
                station.engine.handle(.cash(fen: amount), nowMs: at + 1_000)
                bills.append(try #require(station.engine.bills.bill(bill.id)))
            }
            station.biller.enqueue(.pending(queries: 100, succeeds: true))
            let pending = try station.open("cmcc", "13912345678", amountFen: 2_000, atMs: Self.startMs + 600_000)
            station.engine.handle(.cash(fen: 2_000), nowMs: Self.startMs + 601_000)
            bills.append(try #require(station.engine.bills.bill(pending.id)))
        }
        #expect(bills.map(\.phase) == [.succeeded, .succeeded, .succeeded, .pending])
        let date = BeijingDate(epochMs: Self.startMs).compact
        let file = data.path + "/cmcc-\(date).csv"
        let key = { (bill: Bill) in bill.idempotencyKey(stationID: stationID) }
        try """
            key,amount_fen,reference
            \(key(bills[0])),3000,\(bills[0].reference!)
            \(key(bills[1])),4500,\(bills[1].reference!)
            \(key(bills[3])),2000,BLPENDING
            SOMEONE-ELSE-B9,1000,BLX

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let arguments = ["db", "reconcile-bills", file, "--date", date, "--station", stationID, "--data-dir", data.path]
        let mixed = try KioskExecutable.run(arguments)
        #expect(mixed.status == 1)
        let lines = mixed.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("matched bill \(bills[0].id)"))
        #expect(lines.contains("missing at biller: bill \(bills[2].id)"))
        #expect(lines.contains("missing here: \(key(bills[3]))"), "the biller took one the station still waits on")
        #expect(lines.contains("missing here: SOMEONE-ELSE-B9"))
        #expect(lines.contains("amount differs: bill \(bills[1].id) 4000 fen here, 4500 fen at the biller"))
        #expect(lines.last == "matched 1 missing_at_biller 1 missing_here 2 amount_differs 1")

        try """
            key,amount_fen,reference\r
            \(key(bills[0])),3000,\(bills[0].reference!)\r
            \(key(bills[1])),4000,\(bills[1].reference!)\r
            \(key(bills[2])),5000,\(bills[2].reference!)\r

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let clean = try KioskExecutable.run(arguments)
        #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
        #expect(clean.standardOutput.hasSuffix("matched 3 missing_at_biller 0 missing_here 0 amount_differs 0\n"))

        let otherDay = try KioskExecutable.run(["db", "reconcile-bills", file, "--date", "20000101", "--station", stationID,
                                                "--data-dir", data.path])
        #expect(otherDay.status == 1 && otherDay.standardOutput.contains("missing_here 3"), "bills of another day are not matched")

        try "key,amount,ref\nx,1,y\n".write(toFile: file, atomically: true, encoding: .utf8)
        let malformed = try KioskExecutable.run(arguments)
        #expect(malformed.status == 2 && malformed.standardError.contains(":1:"))
    }
}
