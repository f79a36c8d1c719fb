import ArgumentParser
import Foundation
import KioskBoard
import KioskCore
import KioskEngine
import KioskStore

extension DatabaseCommand {
    /// `kiosk db reconcile-bills FILE --date YYYYMMDD`: the biller's daily file against the bills paid that day.
    struct ReconcileBills: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reconcile-bills",
            abstract: "Match a biller's daily file (CSV key,amount_fen,reference) against the day's bills.",
            discussion: """
                Prints each bill matched, missing at the biller, missing here (the biller lists a payment the
                station did not keep), or whose amount differs, then a count of each; exits 0 only when both
                sides agree. The day is the Beijing date the bills were paid at the counter.
                """
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Argument(help: "The biller's file.")
        var file: String

        @Option(name: .long, help: "The Beijing date of the file, YYYYMMDD.")
        var date: String

        @Option(name: .long, help: "The station id the bills' keys carry (the board's station.id).")
        var station: String = "SIM-0001"

        func run() throws {
            try reportingFailures {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CommandFailure("cannot read \(file): \(error.localizedDescription)", exitCode: 2)
                }
                let statement: [BillReconciliation.StatementLine]
                switch BillReconciliation.statement(csv: text) {
                case .success(let lines): statement = lines
                case .failure(let error): throw CommandFailure("\(file):\(error.line): not a line of key,amount_fen,reference", exitCode: 2)
                }
                let database = try storage.openDatabase()
                defer { try? database.close() }
                let bills = try BillStore(database: database).allBills()
                    .filter { $0.paidAtMs > 0 && BeijingDate(epochMs: $0.paidAtMs).compact == date }
                let result = BillReconciliation(bills: bills, statement: statement, stationID: station)
                result.matched.forEach { print("matched bill \($0)") }
                result.missingAtBiller.forEach { print("missing at biller: bill \($0)") }
                result.missingHere.forEach { print("missing here: \($0)") }
                for difference in result.amountDiffers {
                    print("amount differs: bill \(difference.billID) \(difference.stationFen) fen here, \(difference.billerFen) fen at the biller")
                }
                print("matched \(result.matched.count) missing_at_biller \(result.missingAtBiller.count) "
                    + "missing_here \(result.missingHere.count) amount_differs \(result.amountDiffers.count)")
                if !result.isClean { throw ExitCode.failure }
            }
        }
    }
}
