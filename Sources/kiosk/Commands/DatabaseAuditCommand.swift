import ArgumentParser
import Foundation
import KioskBoard
import KioskRuntime
import KioskEngine
import KioskSimulator
import KioskStore

extension DatabaseCommand {
    /// `kiosk db audit`: the money rules, the journal replay and (in a simulation's data directory)
    /// the gateway's ledger, checked against the stored books.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the books: payments against orders, receipts, the journal replay, the parcels, the gateway ledger.",
            discussion: """
                Prints each violation, then `violations N`; exits 0 only when N is 0. The gateway ledger
                (gateway-ledger.txt, kept by `kiosk sim --data-dir`) is checked when the data directory has one:
                no key charged twice, no money held without a paid order.
                """
        )

        @OptionGroup var storage: DataDirectoryOptions

        @Option(name: .long, help: "The board the station ran (its limits replay the journal).")
        var board: String = BoardLoader.defaultBoardName

        @Option(name: .long, help: "The folder holding the boards.")
        var boardsDir: String?

        func run() throws {
            try reportingFailures {
                let configuration: StationConfiguration
                do {
                    configuration = try StationConfiguration(board: try BoardLoader.locate(explicit: boardsDir).load(board))
                } catch {
                    throw CommandFailure(String(describing: error), exitCode: 2)
                }
                let path = KioskDatabase.databasePath(dataDirectory: storage.dataDir)
                guard FileManager.default.fileExists(atPath: path) else { throw StoreError.databaseMissing(path: path) }
                let database = try storage.openDatabase()
                defer { try? database.close() }
                var violations = try StationBooks(database: database).violations()
                violations += try JournalAudit(database: database, configuration: configuration).mismatches()
                violations += try ParcelStore(database: database).violations()
                violations += try DayCloseAudit(database: database, configuration: configuration).mismatches()
                violations += try ProduceAudit(database: database).mismatches()
                violations += try BillAudit(database: database).violations()
                let ledgerPath = GatewayLedgerAudit.ledgerPath(dataDirectory: storage.dataDir)
                if FileManager.default.fileExists(atPath: ledgerPath) {
                    violations += try GatewayLedgerAudit(contentsOf: ledgerPath).mismatches(against: database)
                }
                violations.forEach { print($0) }
                let payouts = try ProduceAudit(database: database).payoutCounts()
                if payouts.paid + payouts.pending + payouts.failed > 0 {
                    // Every account payout to a farmer is one of these; a failed or flagged one is for the technician.
                    print("produce payouts paid \(payouts.paid) pending \(payouts.pending) failed \(payouts.failed) flagged \(payouts.flagged)")
                }
                let mismatches = try DayCloseRecords(database: database).statementMismatches()
                if !mismatches.isEmpty {
                    let open = mismatches.filter { $0.answer?.isFinal != true }.count
                    print("statement mismatches \(mismatches.count), \(open) without the acquirer's final answer (shell: day mismatches)")
                }
                print("violations \(violations.count)")
                if !violations.isEmpty { throw ExitCode.failure }
            }
        }
    }
}
