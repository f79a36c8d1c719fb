import KioskCore
import KioskEngine
import Foundation
import KioskSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The simulated gateway's own books, kept in a file beside the station's data so they survive a
/// power cut of the kiosk (the real gateway is another company's computer: it forgets nothing).
///
/// Each line is one settled request (`charge KEY AMOUNT WALLET AT_MS OUTCOME`, `reverse KEY`), written before the
/// gateway answers. It is not fsynced: the acquirer's books are not on the station's disk, so the
/// station's power cuts (a SIGKILL, which keeps the page cache, or the power-cut disk, which only
/// drops what the station's SQLite did not sync) never take them, and the station's fsync count stays
/// the station's own. Opening replays the lines into a fresh gateway, one at a time, and makes the file
/// the gateway's archive: the gateway keeps only its newest keys in memory and finds older ones here, so
/// its memory stays the same however long the station runs.
final class GatewayLedger: GatewaySettlementArchive {
    private let handle: FileHandle?

    /// Opens (creating) the ledger at `path` and replays it into `gateway`; nil `path` keeps no file
    /// (the gateway then keeps every key in memory: benchmarks and tests, which run for minutes).
    init(path: String?, replayingInto gateway: inout SimulatedPaymentGateway) throws {
        guard let path else {
            handle = nil
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        self.handle = handle
        gateway.archive = self
        forEachRecord { record in
            switch record {
            case .charge(let key, let amountFen, let outcome, _):
                gateway.replayCharge(key: key, amountFen: amountFen, outcome: outcome)
            case .reverse(let key):
                gateway.replayReversal(key: key)
            }
        }
        handle.seekToEndOfFile()
    }

    /// A charge settled: its key, amount and outcome, and (for the provider's statement) the wallet and
    /// when it arrived: `charge KEY AMOUNT WALLET AT_MS OUTCOME` (lines written before the statement existed
    /// have no wallet and time: `charge KEY AMOUNT OUTCOME`).
    func recordCharge(key: String, amountFen: Int64, outcome: GatewayAnswer.Outcome, wallet: String, atMs: Int64) {
        append("charge \(key) \(amountFen) \(wallet) \(atMs) \(Self.name(outcome))")
    }

    /// The statement the provider of `wallet` publishes for `fromMs ..< toMs`: every charge of that wallet
    /// that took money and was not reversed, in the order they arrived.
    func statement(wallet: String, fromMs: Int64, toMs: Int64) -> [ProviderStatement.Payment] {
        var charges: [(key: String, payment: ProviderStatement.Payment)] = []
        var reversed = Set<String>()
        forEachRecord { record in
            switch record {
            case .charge(let key, let amountFen, let outcome, let charged):
                guard outcome == .approve || outcome == .timeout, let charged, charged.wallet == wallet,
                      (fromMs ..< toMs).contains(charged.atMs) else { return }
                charges.append((key, ProviderStatement.Payment(merchantOrderNo: key, amountFen: amountFen,
                                                               time: BeijingDate.timestamp(epochMs: charged.atMs))))
            case .reverse(let key):
                reversed.insert(key)
            }
        }
        return charges.filter { !reversed.contains($0.key) }.map(\.payment)
    }

    func recordReversal(key: String) {
        append("reverse \(key)")
    }

    private func append(_ line: String) {
        guard let handle else { return }
        handle.write(Data((line + "\n").utf8))
    }

    // MARK: The archive

    /// Reads the whole file for `key`: its charge, the number of the money-taking charges up to it,
    /// and a reversal after it.
    func charge(key: String) -> ArchivedCharge? {
        var found: ArchivedCharge?
        var captured = 0
        forEachRecord { record in
            switch record {
            case .charge(let charged, let amountFen, let outcome, _):
                let takesMoney = outcome == .approve || outcome == .timeout
                if takesMoney { captured += 1 }
                if charged == key, found == nil {
                    found = ArchivedCharge(amountFen: amountFen, outcome: outcome,
                                           transactionNumber: takesMoney ? captured : nil, reversed: false)
                }
            case .reverse(let reversed):
                if reversed == key, found != nil { found?.reversed = true }
            }
        }
        return found
    }

    /// One line of the ledger.
    private enum Record {
        case charge(key: String, amountFen: Int64, outcome: GatewayAnswer.Outcome, charged: (wallet: String, atMs: Int64)?)
        case reverse(key: String)
    }

    /// Calls `body` with each readable line from the start of the file, reading it a block at a time
    /// (a torn last line after a power cut is skipped, as ``GatewayLedgerAudit`` reports it).
    private func forEachRecord(_ body: (Record) -> Void) {
        guard let handle else { return }
        let blockSize = 64 * 1024
        var block = [UInt8](repeating: 0, count: blockSize)
        var line: [UInt8] = []
        var offset: off_t = 0
        while true {
            let count = block.withUnsafeMutableBytes { pread(handle.fileDescriptor, $0.baseAddress, blockSize, offset) }
            guard count > 0 else { break }
            offset += off_t(count)
            for byte in block[0 ..< count] {
                if byte == UInt8(ascii: "\n") {
                    if let record = Self.record(line) { body(record) }
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                }
            }
        }
    }

    private static func record(_ line: [UInt8]) -> Record? {
        let fields = line.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        switch fields.first {
        case "charge" where fields.count == 4 || fields.count == 6:
            guard let amountFen = Int64(fields[2]), let outcome = outcome(fields[fields.count - 1]) else { return nil }
            let charged = fields.count == 6 ? Int64(fields[4]).map { (wallet: fields[3], atMs: $0) } : nil
            return .charge(key: fields[1], amountFen: amountFen, outcome: outcome, charged: charged)
        case "reverse" where fields.count == 2:
            return .reverse(key: fields[1])
        default:
            return nil
        }
    }

    private static func name(_ outcome: GatewayAnswer.Outcome) -> String {
        switch outcome {
        case .approve: "approve"
        case .decline: "decline"
        case .timeout: "timeout"
        case .error: "error"
        }
    }

    private static func outcome(_ name: String) -> GatewayAnswer.Outcome? {
        switch name {
        case "approve": .approve
        case "decline": .decline
        case "timeout": .timeout
        case "error": .error
        default: nil
        }
    }
}
