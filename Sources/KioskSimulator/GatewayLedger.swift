import KioskEngine
import Foundation
import KioskSimulation

/// The simulated gateway's own books, kept in a file beside the station's data so they survive a
/// power cut of the kiosk (the real gateway is another company's computer: it forgets nothing).
///
/// Each line is one settled request (`charge KEY AMOUNT OUTCOME`, `reverse KEY`), written before the
/// gateway answers. It is not fsynced: the acquirer's books are not on the station's disk, so the
/// station's power cuts (a SIGKILL, which keeps the page cache, or the power-cut disk, which only
/// drops what the station's SQLite did not sync) never take them, and the station's fsync count stays
/// the station's own. Opening replays the lines (read by ``GatewayLedgerAudit``) into a fresh gateway.
final class GatewayLedger {
    private let handle: FileHandle?
    /// The charge keys the ledger already held when it was opened.
    private(set) var replayedKeys: Set<String> = []

    /// Opens (creating) the ledger at `path` and replays it into `gateway`; nil `path` keeps no file.
    init(path: String?, replayingInto gateway: inout SimulatedPaymentGateway) throws {
        guard let path else {
            handle = nil
            return
        }
        let ledger = GatewayLedgerAudit(text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        for charge in ledger.charges {
            gateway.enqueue(GatewayAnswer(Self.outcome(charge.outcome)))
            _ = gateway.charge(key: charge.key, amountFen: charge.amountFen, nowMs: 0)
        }
        for key in ledger.reversedKeys {
            _ = gateway.reverse(key: key)
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        handle.seekToEndOfFile()
        self.handle = handle
        replayedKeys = Set(ledger.charges.map(\.key))
    }

    func recordCharge(key: String, amountFen: Int64, outcome: GatewayAnswer.Outcome) {
        append("charge \(key) \(amountFen) \(Self.name(outcome))")
    }

    func recordReversal(key: String) {
        append("reverse \(key)")
    }

    private func append(_ line: String) {
        guard let handle else { return }
        handle.write(Data((line + "\n").utf8))
    }

    private static func name(_ outcome: GatewayAnswer.Outcome) -> String {
        switch outcome {
        case .approve: "approve"
        case .decline: "decline"
        case .timeout: "timeout"
        case .error: "error"
        }
    }

    private static func outcome(_ name: String) -> GatewayAnswer.Outcome {
        switch name {
        case "decline": .decline
        case "timeout": .timeout
        case "error": .error
        default: .approve
        }
    }
}
